package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** POST /containers/{id}/update. */
public record ContainerUpdateResponse(@JsonProperty("Warnings") List<String> warnings) {
    public ContainerUpdateResponse {
        warnings = List.copyOf(warnings);
    }
}
