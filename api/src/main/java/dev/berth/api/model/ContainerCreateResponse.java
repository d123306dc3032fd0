package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** POST /containers/create response. {@code Warnings} is always a list. */
public record ContainerCreateResponse(@JsonProperty("Id") String id, @JsonProperty("Warnings") List<String> warnings) {
    public ContainerCreateResponse {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
