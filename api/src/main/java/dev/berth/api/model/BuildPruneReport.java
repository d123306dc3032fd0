package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** POST /build/prune's answer: the build-cache records deleted and the bytes that freed. */
public record BuildPruneReport(@JsonProperty("CachesDeleted") List<String> cachesDeleted,
                               @JsonProperty("SpaceReclaimed") long spaceReclaimed) {
    public BuildPruneReport {
        cachesDeleted = cachesDeleted == null ? List.of() : List.copyOf(cachesDeleted);
    }
}
