package dev.berth.actors.image;

import dev.berth.persistence.image.ImageEvent;
import dev.berth.persistence.image.ImageState;
import dev.berth.persistence.image.TagState;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The read model behind {@code docker images} and image lookups: present images and all tags. */
public final class ImageView {
    private final ConcurrentHashMap<String, ImageEvent.Stored> images = new ConcurrentHashMap<>();
    private volatile TagState tags = TagState.empty();

    public void image(String id, ImageState state) {
        if (state instanceof ImageState.Present p) {
            images.put(id, p.image());
        } else {
            images.remove(id);
        }
    }

    public void tags(TagState state) {
        this.tags = state;
    }

    public TagState tags() {
        return tags;
    }

    public Optional<ImageEvent.Stored> get(String id) {
        return Optional.ofNullable(images.get(id));
    }

    public Collection<ImageEvent.Stored> all() {
        return List.copyOf(images.values());
    }

    public List<String> referencesOf(String imageId) {
        return tags.referencesOf(imageId);
    }

    /** The image id a canonical reference names, if any. */
    public Optional<String> byReference(String canonical) {
        return Optional.ofNullable(tags.tags().get(canonical));
    }

    /** Finds an image by full id ({@code sha256:…} or bare hex) or unique id prefix. */
    public Optional<String> byIdOrPrefix(String ref) {
        String hex = ref.startsWith("sha256:") ? ref.substring(7) : ref;
        if (!hex.matches("[0-9a-f]{1,64}")) {
            return Optional.empty();
        }
        String full = "sha256:" + hex;
        if (images.containsKey(full)) {
            return Optional.of(full);
        }
        var matches = images.keySet().stream().filter(id -> id.startsWith(full)).toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    public int size() {
        return images.size();
    }
}
