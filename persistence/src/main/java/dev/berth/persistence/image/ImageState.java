package dev.berth.persistence.image;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.berth.persistence.BerthSerializable;

/** An image's lifecycle: not yet stored, present, removed. Pure fold over {@link ImageEvent}s. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "phase")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ImageState.None.class, name = "none"),
    @JsonSubTypes.Type(value = ImageState.Present.class, name = "present"),
    @JsonSubTypes.Type(value = ImageState.Gone.class, name = "gone"),
})
public sealed interface ImageState extends BerthSerializable {
    ImageState apply(ImageEvent event);

    static ImageState empty() {
        return new None();
    }

    record None() implements ImageState {
        @Override
        public ImageState apply(ImageEvent event) {
            return event instanceof ImageEvent.Stored s ? new Present(s) : this;
        }
    }

    record Present(ImageEvent.Stored image) implements ImageState {
        @Override
        public ImageState apply(ImageEvent event) {
            if (event instanceof ImageEvent.Removed) {
                return new Gone(image);
            }
            if (event instanceof ImageEvent.Pulled p) {
                return new Present(image.withRepoDigest(p.repoDigest()));
            }
            return this;
        }
    }

    /** Removed; an image with the same id may be stored again (re-import), which starts it over. */
    record Gone(ImageEvent.Stored image) implements ImageState {
        @Override
        public ImageState apply(ImageEvent event) {
            return event instanceof ImageEvent.Stored s ? new Present(s) : this;
        }
    }
}
