package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** POST /volumes/create body. {@code ClusterVolumeSpec} is bound only to be refused by name. */
public record VolumeCreateRequest(
        @JsonProperty("Name") String name,
        @JsonProperty("Driver") String driver,
        @JsonProperty("DriverOpts") Map<String, String> driverOpts,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("ClusterVolumeSpec") JsonNode clusterVolumeSpec) {

    public VolumeCreateRequest {
        driverOpts = driverOpts == null ? Map.of() : Map.copyOf(driverOpts);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
