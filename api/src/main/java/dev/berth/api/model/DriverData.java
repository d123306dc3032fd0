package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code GraphDriver}: storage driver name and its key/value data. */
public record DriverData(@JsonProperty("Name") String name, @JsonProperty("Data") Map<String, String> data) {
    public DriverData {
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
