package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One line of DELETE /images/{name}: exactly one of the two fields is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageDeleteItem(@JsonProperty("Untagged") String untagged, @JsonProperty("Deleted") String deleted) {
    public ImageDeleteItem {
        if ((untagged == null) == (deleted == null)) {
            throw new IllegalArgumentException("exactly one of Untagged and Deleted must be set");
        }
    }

    public static ImageDeleteItem untagged(String ref) {
        return new ImageDeleteItem(ref, null);
    }

    public static ImageDeleteItem deleted(String id) {
        return new ImageDeleteItem(null, id);
    }
}
