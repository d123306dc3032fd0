package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** POST /containers/prune response. Docker sends null for an empty deleted list. */
public record PruneReport(@JsonProperty("ContainersDeleted") List<String> containersDeleted,
                          @JsonProperty("SpaceReclaimed") long spaceReclaimed) {
    public PruneReport {
        containersDeleted = containersDeleted == null || containersDeleted.isEmpty() ? null : List.copyOf(containersDeleted);
    }
}
