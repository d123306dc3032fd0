package dev.berth.actors.image;

import dev.berth.image.ContentStore;
import dev.berth.image.LayerStore;
import dev.berth.image.Reference;
import dev.berth.registry.ImagePull;
import dev.berth.registry.Platform;
import dev.berth.registry.PullResult;
import dev.berth.registry.RegistryAuth;
import dev.berth.registry.RegistryClient;
import dev.berth.spi.EngineException;
import java.util.List;

/**
 * {@code docker pull}: the registry module fetches manifest, config and layers into the stores
 * (streamed, verified); only then is the image journaled ({@code Stored}, source {@code pull}), its
 * pull recorded ({@code Pulled}: docker's event and the repo digest) and, for a tag, the tag moved
 * in {@code image-tags}. A pull that fails or dies half-way journals nothing, so no image ever
 * claims layers it lacks; the blobs it left are collected by the next garbage collection.
 */
public final class ImagePullWorkflow {
    private final ImageService images;
    private final ImagePull pull;
    private final LayerStore layers;
    private final int maxConcurrentDownloads;

    public ImagePullWorkflow(ImageService images, RegistryClient client, ContentStore content, LayerStore layers,
                             int maxConcurrentDownloads) {
        this.images = images;
        this.pull = new ImagePull(client, content, layers);
        this.layers = layers;
        this.maxConcurrentDownloads = maxConcurrentDownloads;
    }

    /**
     * The reference {@code POST /images/create?fromImage=&tag=} names: {@code tag} may be a tag or
     * a digest; empty means what {@code fromImage} says, else {@code latest}.
     */
    public static Reference reference(String fromImage, String tag) {
        if (fromImage == null || fromImage.isEmpty()) {
            throw EngineException.invalid("invalid reference format");
        }
        boolean qualified = fromImage.contains("@") || fromImage.lastIndexOf(':') > fromImage.lastIndexOf('/');
        if (tag == null || tag.isEmpty() || qualified) {
            return Reference.parse(fromImage);
        }
        return Reference.parse(fromImage + (tag.startsWith("sha256:") ? "@" : ":") + tag);
    }

    /** Pulls {@code ref}; returns the image id. Progress in docker's words, ending with the Status line. */
    public String pull(Reference ref, String platform, RegistryAuth auth, ImageService.Progress progress) {
        Platform wanted = platform == null || platform.isBlank() ? null : Platform.parse(platform);
        images.storeLock().readLock().lock();
        try {
            PullResult result = pull.pull(ref, wanted, auth, maxConcurrentDownloads, progress::status);
            String id = result.imageId().toString();
            String familiar = ref.familiar();
            boolean upToDate = images.view().get(id).isPresent()
                    && (ref.tag() == null || id.equals(images.view().byReference(ref.canonical()).orElse(null)));
            if (images.view().get(id).isEmpty()) {
                images.store(StoredImages.of("pull", result.imageId(), result.config(), result.layers(), layers,
                        List.of(result.repoDigest()), familiar), result.config());
            }
            images.recordPull(id, familiar, result.repoDigest(), "pull");
            if (ref.tag() != null) {
                images.tagReference(ref, id);
            }
            progress.status(null, "Status: " + (upToDate ? "Image is up to date for " : "Downloaded newer image for ")
                    + familiar, -1, -1);
            return id;
        } finally {
            images.storeLock().readLock().unlock();
        }
    }
}
