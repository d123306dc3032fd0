package dev.berth.actors.image;

import dev.berth.image.ContentStore;
import dev.berth.image.Digest;
import dev.berth.image.LayerStore;
import dev.berth.persistence.image.ImageEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * Garbage collection and {@code docker image prune}. The journal says which images exist; blobs
 * (configs, layer blobs, manifests named by repo digests and, through an index, the held manifest of
 * the image's platform) and layer directories none of them uses
 * are deleted. Runs under the exclusive store lock, so no pull, load or commit in flight loses
 * what it wrote before journaling.
 */
public final class ImageGc {
    private final ImageService images;
    private final ContentStore content;
    private final LayerStore layers;
    private final ImageManifests manifests;

    /** What one collection deleted. */
    public record Collected(int blobs, int layerDirs, long bytes) {}

    public ImageGc(ImageService images, ContentStore content, LayerStore layers) {
        this.images = images;
        this.content = content;
        this.layers = layers;
        this.manifests = new ImageManifests(content);
    }

    /** @param inUseChainIds layers containers use besides their images' (normally none) */
    public Collected collect(Set<String> inUseChainIds) {
        Lock lock = images.storeLock().writeLock();
        if (!lock.tryLock()) {
            return new Collected(0, 0, 0); // an operation is storing; the next collection gets it
        }
        try {
            Set<Digest> blobs = new HashSet<>();
            Set<Digest> chains = new HashSet<>();
            inUseChainIds.forEach(c -> chains.add(Digest.parse(c)));
            for (ImageEvent.Stored img : images.view().all()) {
                blobs.add(Digest.parse(img.id()));
                for (ImageEvent.Layer l : img.layers()) {
                    blobs.add(Digest.parse(l.blobDigest()));
                    chains.add(Digest.parse(l.chainId()));
                }
                // what its repo digests name, and an index's held entry: the manifest of the image's own platform
                blobs.addAll(ImageManifests.topDigests(img));
                blobs.addAll(manifests.heldChildren(img));
            }
            int nBlobs = 0;
            int nLayers = 0;
            long bytes = 0;
            for (Digest d : content.list()) {
                if (!blobs.contains(d)) {
                    bytes += content.exists(d) ? content.size(d) : 0;
                    content.delete(d);
                    nBlobs++;
                }
            }
            for (Digest c : layers.list()) {
                if (!chains.contains(c)) {
                    bytes += layers.diskSize(c);
                    layers.delete(c);
                    nLayers++;
                }
            }
            return new Collected(nBlobs, nLayers, bytes);
        } finally {
            lock.unlock();
        }
    }

    /** What a prune removed: docker's {@code ImagesDeleted} entries as (Untagged|Deleted, value). */
    public record Pruned(List<Map.Entry<String, String>> deleted, long spaceReclaimed) {}

    /**
     * {@code docker image prune}: images no container uses and, unless {@code all}, no tag names. As dockerd,
     * an untagged image with children (an intermediate build step under a kept image) is not a candidate itself,
     * and each removal takes the untagged ancestors left childless with it; with {@code all}, a tagged image
     * is untagged and deleted once no child is left (children first). Then a collection.
     */
    public Pruned prune(boolean all, ImageService.Users users, java.util.function.Predicate<ImageEvent.Stored> filter,
                        Set<String> inUseChainIds) {
        ImageParents family = images.parents();
        Map<String, Long> sizes = new java.util.HashMap<>();
        List<ImageEvent.Stored> candidates = new ArrayList<>();
        for (ImageEvent.Stored img : images.view().all()) {
            sizes.put(img.id(), img.size());
            boolean tagged = !images.view().referencesOf(img.id()).isEmpty();
            if ((tagged ? all : !family.hasChildren(img.id())) && filter.test(img)) {
                candidates.add(img);
            }
        }
        candidates.sort(java.util.Comparator.comparingInt((ImageEvent.Stored img) -> historyLength(img)).reversed());
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (ImageEvent.Stored img : candidates) {
            String id = img.id();
            if (images.view().get(id).isEmpty() || !users.running(id).isEmpty() || !users.stopped(id).isEmpty()) {
                continue; // gone with a child removed before, or in use
            }
            List<String> refs = images.view().referencesOf(id);
            for (String ref : refs.isEmpty() ? List.of(id) : refs) {
                try {
                    out.addAll(images.remove(ref, refs.isEmpty(), users, family, true));
                } catch (dev.berth.spi.EngineException e) {
                    // taken into use or removed meanwhile: dockerd's prune skips it too
                }
            }
        }
        long space = out.stream().filter(e -> e.getKey().equals("Deleted"))
                .mapToLong(e -> sizes.getOrDefault(e.getValue(), 0L)).sum();
        Collected c = collect(inUseChainIds);
        return new Pruned(out, Math.max(space, c.bytes()));
    }

    private int historyLength(ImageEvent.Stored img) {
        try {
            return images.config(img.id()).history().size();
        } catch (dev.berth.spi.EngineException e) {
            return 0;
        }
    }
}
