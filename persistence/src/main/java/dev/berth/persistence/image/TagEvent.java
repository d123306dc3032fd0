package dev.berth.persistence.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.berth.persistence.BerthSerializable;
import dev.berth.persistence.CalledBy;
import dev.berth.spi.Caller;
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
    record Tagged(Instant at, String reference, String imageId, String previousImageId,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements TagEvent, CalledBy<TagEvent> {
        /** Without a caller: the engine acting by itself, or a row from before issue 15. */
        public Tagged(Instant at, String reference, String imageId, String previousImageId) {
            this(at, reference, imageId, previousImageId, null);
        }

        @Override
        public Tagged withCaller(Caller caller) {
            return new Tagged(at, reference, imageId, previousImageId, caller);
        }
    }

    record Untagged(Instant at, String reference, String imageId,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements TagEvent, CalledBy<TagEvent> {
        /** Without a caller: the engine acting by itself, or a row from before issue 15. */
        public Untagged(Instant at, String reference, String imageId) {
            this(at, reference, imageId, null);
        }

        @Override
        public Untagged withCaller(Caller caller) {
            return new Untagged(at, reference, imageId, caller);
        }
    }
}
