package dev.berth.actors.image;

import dev.berth.image.Digest;
import dev.berth.image.ImageConfig;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Docker's parent images, derived from the configs rather than journaled. The classic builder commits
 * each step as an image whose parent is the step before (the first step's, the FROM image), and
 * {@code docker commit} makes the container's image the parent: so a built or committed image's parent is
 * the image it extends by exactly its last history entry (and, unless that entry is an empty layer, its
 * last layer). Pulled, loaded and imported images have none, as with dockerd. From this follow what Docker
 * users see of parents: untagged images with children are intermediate (hidden from {@code docker images}
 * without {@code -a}, not dangling, not pruned directly), {@code rmi} of an image takes its untagged
 * childless ancestors with it, and an image with children cannot be deleted by id.
 */
public final class ImageParents {
    private record Key(List<ImageConfig.History> history, List<Digest> diffIds) {}

    private final Map<String, String> parents = new HashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();

    private ImageParents() {}

    /** @param configs an image's config, or null for one being removed */
    static ImageParents of(Collection<ImageEvent.Stored> images, Function<String, ImageConfig> configs) {
        ImageParents out = new ImageParents();
        Map<Key, String> byKey = new HashMap<>();
        Map<String, ImageConfig> known = new HashMap<>();
        for (ImageEvent.Stored img : images) {
            ImageConfig c = configs.apply(img.id());
            if (c != null) {
                known.put(img.id(), c);
                byKey.putIfAbsent(new Key(c.history(), c.diffIds()), img.id());
            }
        }
        for (ImageEvent.Stored img : images) {
            ImageConfig c = known.get(img.id());
            if (c == null || c.history().isEmpty() || !("build".equals(img.source()) || "commit".equals(img.source()))) {
                continue;
            }
            List<ImageConfig.History> h = c.history();
            boolean layer = !h.get(h.size() - 1).emptyLayer();
            if (layer && c.diffIds().isEmpty()) {
                continue;
            }
            String parent = byKey.get(new Key(h.subList(0, h.size() - 1),
                    layer ? c.diffIds().subList(0, c.diffIds().size() - 1) : c.diffIds()));
            if (parent != null && !parent.equals(img.id())) {
                out.parents.put(img.id(), parent);
                out.children.computeIfAbsent(parent, p -> new ArrayList<>()).add(img.id());
            }
        }
        return out;
    }

    /** Reads each config through {@code service}; an image whose config is gone (being removed) is left out. */
    static ImageParents of(ImageService service) {
        return of(service.view().all(), id -> {
            try {
                return service.config(id);
            } catch (EngineException e) {
                return null;
            }
        });
    }

    /** The image's parent id, or null. */
    public String parent(String id) {
        return parents.get(id);
    }

    public boolean hasChildren(String id) {
        List<String> c = children.get(id);
        return c != null && !c.isEmpty();
    }

    /** After {@code id} was removed: its parent no longer counts it as a child. */
    void forget(String id) {
        String parent = parents.remove(id);
        if (parent != null) {
            children.getOrDefault(parent, new ArrayList<>()).remove(id);
        }
    }
}
