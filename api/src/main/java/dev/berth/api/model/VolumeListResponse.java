package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** GET /volumes response. */
public record VolumeListResponse(@JsonProperty("Volumes") List<Volume> volumes,
                                 @JsonProperty("Warnings") List<String> warnings) {
    public VolumeListResponse {
        volumes = List.copyOf(volumes);
        warnings = List.copyOf(warnings);
    }
}
