package dev.berth.persistence.image;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.berth.persistence.BerthSerializable;
import java.time.Instant;

/**
 * The tag directory (persistence id {@code image-tags}): which image each reference names. One
 * entity owns every tag so that moving a tag from one image to another is one event, never two
 * writes that a crash could split.
 *
 * @see dev.berth.persistence.image.TagState
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TagEvent.Tagged.class, name = "tagged"),
    @JsonSubTypes.Type(value = TagEvent.Untagged.class, name = "untagged"),
})
public sealed interface TagEvent extends BerthSerializable {
    Instant at();

    String reference();

    String imageId();

    /**
     * @param reference canonical, e.g. {@code docker.io/library/busybox:latest}
     * @param previousImageId the image the tag pointed to before (moved), or null
     */
    record Tagged(Instant at, String reference, String imageId, String previousImageId) implements TagEvent {}

    record Untagged(Instant at, String reference, String imageId) implements TagEvent {}
}
