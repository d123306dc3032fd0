package dev.berth.persistence.image;

import dev.berth.persistence.BerthSerializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** reference → image id. Immutable; each event yields a new map. */
public record TagState(Map<String, String> tags) implements BerthSerializable {
    public TagState {
        tags = Map.copyOf(tags);
    }

    public static TagState empty() {
        return new TagState(Map.of());
    }

    public TagState apply(TagEvent event) {
        var next = new HashMap<>(tags);
        if (event instanceof TagEvent.Tagged t) {
            next.put(t.reference(), t.imageId());
        } else if (event instanceof TagEvent.Untagged u) {
            next.remove(u.reference(), u.imageId());
        }
        return new TagState(next);
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
