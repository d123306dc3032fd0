package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** GET /containers/{id}/top: {@code ps}'s column titles and, per process of the container, its columns. */
public record ContainerTopResponse(@JsonProperty("Titles") List<String> titles,
                                   @JsonProperty("Processes") List<List<String>> processes) {
    public ContainerTopResponse {
        titles = List.copyOf(titles);
        processes = processes.stream().map(List::copyOf).toList();
    }
}
