package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** POST /images/prune response. Docker sends null for an empty deleted list. */
public record ImagePruneReport(@JsonProperty("ImagesDeleted") List<ImageDeleteItem> imagesDeleted,
                               @JsonProperty("SpaceReclaimed") long spaceReclaimed) {
    public ImagePruneReport {
        imagesDeleted = imagesDeleted == null || imagesDeleted.isEmpty() ? null : List.copyOf(imagesDeleted);
    }
}
