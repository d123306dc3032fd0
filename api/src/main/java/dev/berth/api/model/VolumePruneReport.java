package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** POST /volumes/prune response. */
public record VolumePruneReport(@JsonProperty("VolumesDeleted") List<String> volumesDeleted,
                                @JsonProperty("SpaceReclaimed") long spaceReclaimed) {
    public VolumePruneReport {
        volumesDeleted = List.copyOf(volumesDeleted);
    }
}
