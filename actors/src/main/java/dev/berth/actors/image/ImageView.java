package dev.berth.actors.image;

import dev.berth.image.Reference;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.persistence.image.ImageState;
import dev.berth.persistence.image.TagState;
import dev.berth.spi.EngineException;
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

    /** When a reference was last put on the image (dockerd's LastTagTime); null if none names it. */
    public java.time.Instant lastTagged(String imageId) {
        return tags.lastTagged(imageId);
    }

    /** The image id a canonical reference names, if any. */
    public Optional<String> byReference(String canonical) {
        return Optional.ofNullable(tags.tags().get(canonical));
    }

    /**
     * The present image pulled (or pushed) as {@code name@digest}: its repo digests, recorded by every
     * pull, make a digest reference resolve as in dockerd, also after the repository's tags are gone.
     */
    public Optional<String> byRepoDigest(String name, String digest) {
        for (ImageEvent.Stored image : images.values()) {
            for (String repoDigest : image.repoDigests()) {
                if (names(repoDigest, name, digest)) {
                    return Optional.of(image.id());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean names(String repoDigest, String name, String digest) {
        try {
            Reference r = Reference.parse(repoDigest);
            return r.digest() != null && r.digest().toString().equals(digest) && r.name().equals(name);
        } catch (EngineException notAReference) {
            return false;
        }
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
