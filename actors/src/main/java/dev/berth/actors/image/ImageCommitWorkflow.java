package dev.berth.actors.image;

import dev.berth.image.AppliedLayer;
import dev.berth.image.ConfigChanges;
import dev.berth.image.ContentStore;
import dev.berth.image.Digest;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageConfigJson;
import dev.berth.image.LayerDiff;
import dev.berth.image.LayerRef;
import dev.berth.image.LayerStore;
import dev.berth.image.Reference;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code docker commit}: the container's overlay upper dir becomes one new layer (whiteouts for
 * what it deleted) on top of its image's, its config (with {@code --change}s applied) the new
 * image's defaults, and a history entry records the step.
 */
public final class ImageCommitWorkflow {
    private final ImageService images;
    private final ContentStore content;
    private final LayerStore layers;
    private final Path scratchRoot;

    public ImageCommitWorkflow(ImageService images, ContentStore content, LayerStore layers, Path scratchRoot) {
        this.images = images;
        this.content = content;
        this.layers = layers;
        this.scratchRoot = scratchRoot;
    }

    /**
     * What to commit.
     *
     * @param containerConfig the container's effective config (image defaults already merged)
     * @param createdBy the container's command, for the history entry
     * @param repo null for an untagged image
     */
    public record Request(String containerId, String imageId, Path upperDir, ImageConfig.ContainerDefaults containerConfig,
                          String createdBy, List<String> changes, String comment, String author, String repo,
                          String tag) {
        public Request {
            changes = changes == null ? List.of() : List.copyOf(changes);
        }
    }

    /** Returns the new image id. */
    public String commit(Request req) {
        return commit(req, "commit");
    }

    /**
     * A build step's commit (RUN, COPY, ADD, WORKDIR): as {@link #commit}, journaled with source
     * {@code build} so the image is known as the builder's (its build cache, when untagged).
     */
    public String commitStep(Request req) {
        return commit(req, "build");
    }

    private String commit(Request req, String source) {
        Reference target = null;
        if (req.repo() != null && !req.repo().isEmpty()) {
            target = Reference.parse(req.tag() == null || req.tag().isEmpty() ? req.repo() : req.repo() + ":" + req.tag());
            if (target.digest() != null) {
                throw EngineException.invalid("refusing to create a tag with a digest reference");
            }
        }
        ImageConfig parent = images.config(req.imageId());
        ImageConfig.ContainerDefaults defaults = ConfigChanges.apply(req.containerConfig(), req.changes());
        images.storeLock().readLock().lock();
        try {
            LayerRef layer = diff(req.upperDir(), parent);
            List<Digest> diffIds = new ArrayList<>(parent.diffIds());
            diffIds.add(layer.diffId());
            List<ImageConfig.History> history = new ArrayList<>(parent.history());
            Instant now = Instant.now();
            history.add(new ImageConfig.History(now, req.createdBy(), req.comment(), false));
            ImageConfig config = new ImageConfig(parent.architecture(), parent.os(), parent.variant(), now,
                    req.author(), req.comment(), defaults, diffIds, history);
            byte[] bytes = ImageConfigJson.write(config);
            Digest id = content.write(bytes, null);
            List<LayerRef> refs = new ArrayList<>(StoredImages.layers(images.get(req.imageId())));
            refs.add(layer);
            images.store(StoredImages.of(source, id, config, refs, layers, List.of(), req.containerId()), config);
            if (target != null) {
                images.tagReference(target, id.toString());
            }
            return id.toString();
        } finally {
            images.storeLock().readLock().unlock();
        }
    }

    /**
     * A build step that changed only the config (ENV, CMD, LABEL …): a new image with the parent's
     * layers, {@code defaults} as its config, and a history entry marked empty_layer, as dockerd
     * records such steps. {@code author} is the build's MAINTAINER (null for none). Returns the new
     * image id.
     */
    public String commitConfig(String parentId, ImageConfig.ContainerDefaults defaults, String createdBy,
                               String author) {
        ImageConfig parent = images.config(parentId);
        images.storeLock().readLock().lock();
        try {
            List<ImageConfig.History> history = new ArrayList<>(parent.history());
            Instant now = Instant.now();
            history.add(new ImageConfig.History(now, createdBy, null, true));
            ImageConfig config = new ImageConfig(parent.architecture(), parent.os(), parent.variant(), now,
                    author, null, defaults, parent.diffIds(), history);
            Digest id = content.write(ImageConfigJson.write(config), null);
            List<LayerRef> refs = StoredImages.layers(images.get(parentId));
            images.store(StoredImages.of("build", id, config, refs, layers, List.of(), null), config);
            return id.toString();
        } finally {
            images.storeLock().readLock().unlock();
        }
    }

    /**
     * A --cache-from hit in the middle of a cache image's history: the image the step would have
     * made, rebuilt from that image's first {@code historyCount} entries and the layers they
     * added (which are the cache image's own, so nothing is copied), with {@code defaults} as its
     * config. Returns its id; the same inputs give the same id.
     */
    public String restore(String cacheImageId, int historyCount, ImageConfig.ContainerDefaults defaults) {
        ImageConfig target = images.config(cacheImageId);
        List<ImageConfig.History> history = target.history().subList(0, historyCount);
        int layerCount = (int) history.stream().filter(h -> !h.emptyLayer()).count();
        images.storeLock().readLock().lock();
        try {
            Instant created = history.isEmpty() ? target.created() : history.get(historyCount - 1).created();
            ImageConfig config = new ImageConfig(target.architecture(), target.os(), target.variant(), created,
                    target.author(), null, defaults, target.diffIds().subList(0, layerCount), history);
            Digest id = content.write(ImageConfigJson.write(config), null);
            if (images.view().get(id.toString()).isEmpty()) {
                List<LayerRef> refs = StoredImages.layers(images.get(cacheImageId)).subList(0, layerCount);
                images.store(StoredImages.of("build", id, config, refs, layers, List.of(), null), config);
            }
            return id.toString();
        } finally {
            images.storeLock().readLock().unlock();
        }
    }

    /**
     * FROM scratch's starting point: the empty image (no layers, no history, no config), stored
     * once; its bytes are fixed, so every build gets the same id.
     */
    public String scratch(String architecture) {
        ImageConfig config = new ImageConfig(architecture, "linux", null, null, null, null,
                ImageConfig.ContainerDefaults.EMPTY, List.of(), List.of());
        images.storeLock().readLock().lock();
        try {
            Digest id = content.write(ImageConfigJson.write(config), null);
            if (images.view().get(id.toString()).isEmpty()) {
                images.store(StoredImages.of("build", id, config, List.of(), layers, List.of(), null), config);
            }
            return id.toString();
        } finally {
            images.storeLock().readLock().unlock();
        }
    }

    private LayerRef diff(Path upperDir, ImageConfig parent) {
        Path tmp = null;
        try {
            Files.createDirectories(scratchRoot);
            tmp = Files.createTempFile(scratchRoot, "commit-", ".tar");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                LayerDiff.write(upperDir, out);
            }
            Digest blob;
            try (InputStream in = Files.newInputStream(tmp)) {
                blob = content.write(in, null);
            }
            List<Digest> chain = parent.chainIds();
            Digest parentChain = chain.isEmpty() ? null : chain.get(chain.size() - 1);
            AppliedLayer applied;
            try (InputStream in = content.open(blob)) {
                applied = layers.apply(parentChain, in);
            }
            return new LayerRef(applied.diffId(), applied.chainId(), blob, content.size(blob));
        } catch (IOException e) {
            throw EngineException.unavailable("cannot commit: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // scratch only
                }
            }
        }
    }
}
