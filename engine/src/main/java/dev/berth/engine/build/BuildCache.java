package dev.berth.engine.build;

import dev.berth.actors.image.ImageCommitWorkflow;
import dev.berth.actors.image.ImageService;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageConfig.ContainerDefaults;
import dev.berth.persistence.image.ImageEvent;
import java.util.ArrayList;
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
 *
 * <p>{@code --cache-from} images are searched next, as dockerd's classic builder does: one whose
 * history and layers extend the parent's and whose next history entry is the step's is a hit
 * even when its intermediate images are not here (it was pulled): the step's image is restored
 * from its first entries and layers ({@link ImageCommitWorkflow#restore}). Once one source has
 * hit, only that source is searched, so a build does not splice two sources' histories.
 */
final class BuildCache {
    private final ImageService images;
    private final ImageCommitWorkflow commits;
    private final boolean disabled;
    private List<String> sources;

    BuildCache(ImageService images, ImageCommitWorkflow commits, boolean disabled, List<String> sources) {
        this.images = images;
        this.commits = commits;
        this.disabled = disabled;
        this.sources = List.copyOf(sources);
    }

    /** The ids of the --cache-from images that are here; dockerd skips the others too. */
    static List<String> sources(ImageService images, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            try {
                images.find(name).ifPresent(out::add);
            } catch (RuntimeException e) {
                // a malformed name is skipped, as dockerd skips a source it cannot look up
            }
        }
        return out;
    }

    Optional<String> probe(String parentId, String createdBy, ContainerDefaults expected) {
        if (disabled) {
            return Optional.empty();
        }
        ImageConfig parent = images.config(parentId);
        List<ImageConfig.History> history = parent.history();
        Optional<String> local = images.view().all().stream()
                .filter(img -> !img.id().equals(parentId))
                .filter(img -> isChild(img, parent, history, createdBy, expected))
                .max(Comparator.comparing(ImageEvent.Stored::created))
                .map(ImageEvent.Stored::id);
        return local.isPresent() ? local : fromSources(parent, createdBy, expected);
    }

    private Optional<String> fromSources(ImageConfig parent, String createdBy, ContainerDefaults expected) {
        int n = parent.history().size();
        for (String source : sources) {
            ImageConfig t;
            try {
                t = images.config(source);
            } catch (RuntimeException e) {
                continue; // removed since the build started
            }
            if (!extendsParent(t, parent) || !t.history().get(n).createdBy().equals(createdBy)) {
                continue;
            }
            sources = List.of(source);
            if (t.history().size() == n + 1) {
                return Optional.of(source);
            }
            return Optional.of(commits.restore(source, n + 1, expected));
        }
        return Optional.empty();
    }

    /** Whether {@code t}'s history and layers start with all of {@code parent}'s, and go further. */
    private static boolean extendsParent(ImageConfig t, ImageConfig parent) {
        return t.history().size() > parent.history().size()
                && t.history().subList(0, parent.history().size()).equals(parent.history())
                && t.diffIds().size() >= parent.diffIds().size()
                && t.diffIds().subList(0, parent.diffIds().size()).equals(parent.diffIds());
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
