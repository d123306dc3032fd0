package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GraphDriver}: storage driver name and its key/value data, marshalled as dockerd's {@code DriverData}
 * ({@code Data} first, its keys sorted as Go writes a map).
 */
@JsonPropertyOrder({"Data", "Name"})
public record DriverData(@JsonProperty("Name") String name, @JsonProperty("Data") Map<String, String> data) {
    public DriverData {
        data = data == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(data));
    }
}
