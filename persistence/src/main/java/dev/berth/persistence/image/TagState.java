package dev.berth.persistence.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.persistence.BerthSerializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * reference → image id, and when each image named by a reference was last tagged (dockerd's
 * {@code Metadata.LastTagTime}). Immutable; each event yields a new state. An image's tag time goes with
 * its last reference, so the map stays as small as the tags; snapshots from before it existed have none,
 * and an image's time is known again from its next tag.
 */
public record TagState(Map<String, String> tags,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Instant> lastTagged)
        implements BerthSerializable {
    @JsonCreator
    public TagState {
        tags = Map.copyOf(tags);
        lastTagged = lastTagged == null ? Map.of() : Map.copyOf(lastTagged);
    }

    public TagState(Map<String, String> tags) {
        this(tags, Map.of());
    }

    public static TagState empty() {
        return new TagState(Map.of());
    }

    public TagState apply(TagEvent event) {
        var next = new HashMap<>(tags);
        var times = new HashMap<>(lastTagged);
        if (event instanceof TagEvent.Tagged t) {
            next.put(t.reference(), t.imageId());
            times.put(t.imageId(), t.at());
            if (t.previousImageId() != null && !next.containsValue(t.previousImageId())) {
                times.remove(t.previousImageId());
            }
        } else if (event instanceof TagEvent.Untagged u) {
            next.remove(u.reference(), u.imageId());
            if (!next.containsValue(u.imageId())) {
                times.remove(u.imageId());
            }
        }
        return new TagState(next, times);
    }

    /** When a reference was last put on {@code imageId}; null when none names it (or none has since an upgrade). */
    public Instant lastTagged(String imageId) {
        return lastTagged.get(imageId);
    }

    /** The references naming {@code imageId}, sorted. */
    public List<String> referencesOf(String imageId) {
        var refs = new TreeMap<String, String>();
        tags.forEach((ref, id) -> {
            if (id.equals(imageId)) {
                refs.put(ref, id);
            }
        });
        return List.copyOf(refs.keySet());
    }
}
