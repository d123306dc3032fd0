package dev.berth.engine.build;

import dev.berth.actors.image.ImageService;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageConfig.ContainerDefaults;
import dev.berth.persistence.image.ImageEvent;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The classic builder's cache, derived from the images themselves, so it survives restarts with
 * nothing journaled of its own: a step is cached when some image is a child of the step's parent —
 * the parent's layers and history plus one entry — whose last history entry is the step's
 * ({@code created_by} spells the instruction after substitution, the build args a RUN sees, and
 * for COPY/ADD the digest of the sources' contents and metadata) and whose config is what the step
 * would produce. The newest such child wins.
 */
final class BuildCache {
    private final ImageService images;
    private final boolean disabled;

    BuildCache(ImageService images, boolean disabled) {
        this.images = images;
        this.disabled = disabled;
    }

    Optional<String> probe(String parentId, String createdBy, ContainerDefaults expected) {
        if (disabled) {
            return Optional.empty();
        }
        ImageConfig parent = images.config(parentId);
        List<ImageConfig.History> history = parent.history();
        return images.view().all().stream()
                .filter(img -> !img.id().equals(parentId))
                .filter(img -> isChild(img, parent, history, createdBy, expected))
                .max(Comparator.comparing(ImageEvent.Stored::created))
                .map(ImageEvent.Stored::id);
    }

    private boolean isChild(ImageEvent.Stored img, ImageConfig parent, List<ImageConfig.History> history,
                            String createdBy, ContainerDefaults expected) {
        if (img.layers().size() < parent.diffIds().size() || img.layers().size() > parent.diffIds().size() + 1) {
            return false;
        }
        ImageConfig c;
        try {
            c = images.config(img.id());
        } catch (RuntimeException e) {
            return false;
        }
        List<ImageConfig.History> h = c.history();
        return h.size() == history.size() + 1
                && h.get(h.size() - 1).createdBy().equals(createdBy)
                && h.subList(0, history.size()).equals(history)
                && c.diffIds().subList(0, parent.diffIds().size()).equals(parent.diffIds())
                && c.config().equals(expected);
    }
}
