package dev.berth.registry;

import dev.berth.image.ContentStore;
import dev.berth.image.Digest;
import dev.berth.image.Reference;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * {@code docker push} of one tag: each layer blob is checked, mounted from a sibling repository
 * when one is known, or uploaded (a bounded pool in parallel); then the config blob; then the
 * manifest — Docker schema2 when every layer is gzip (what every registry and client reads), OCI
 * otherwise (uncompressed or zstd layers have no schema2 media type).
 */
public final class ImagePush {
    public static final int DEFAULT_CONCURRENT_UPLOADS = 5;

    private final ContentStore content;
    private final BlobChecker checker;
    private final BlobMounter mounter;
    private final BlobPusher pusher;
    private final ManifestPusher manifests;

    /**
     * One layer to push.
     *
     * @param mediaType null to decide from the blob's first bytes
     * @param diffId for the progress id (docker shows the diff id's short form); may be null
     */
    public record Layer(Digest blobDigest, long size, String mediaType, Digest diffId) {
        public Layer {
            Objects.requireNonNull(blobDigest, "blobDigest");
        }
    }

    /** {@code latest: digest: sha256:… size: N}. */
    public record PushResult(String tag, Digest digest, long size, String mediaType) {}

    public ImagePush(RegistryClient client, ContentStore content) {
        this.content = content;
        this.checker = new BlobChecker(client);
        this.mounter = new BlobMounter(client);
        this.pusher = new BlobPusher(client);
        this.manifests = new ManifestPusher(client);
    }

    /**
     * @param target repository and tag to push to (a digest-only reference is refused)
     * @param mountFrom a repository of the same registry the blobs came from, or null
     * @param maxConcurrentUploads daemon.json's {@code max-concurrent-uploads}; below 1 means 5
     */
    public PushResult push(Reference target, byte[] configBytes, List<Layer> layers, Reference mountFrom,
                           RegistryAuth auth, int maxConcurrentUploads, ProgressListener listener) {
        Objects.requireNonNull(target, "target");
        if (target.tag() == null) {
            throw EngineException.invalid("cannot push a digest reference; push a tag");
        }
        RegistryAuth credentials = auth == null ? RegistryAuth.anonymous() : auth;
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        Reference from = BlobMounter.canMount(target, mountFrom) ? mountFrom : null;
        progress.progress(null, "The push refers to repository [" + target.name() + "]", -1, -1);

        List<Descriptor> described = describe(layers);
        boolean schema2 = described.stream().allMatch(d -> d.mediaType().equals(MediaTypes.DOCKER_LAYER_GZIP));
        if (!schema2) {
            described = described.stream().map(d -> d.mediaType().equals(MediaTypes.DOCKER_LAYER_GZIP)
                    ? new Descriptor(MediaTypes.OCI_LAYER_GZIP, d.digest(), d.size()) : d).toList();
        }

        int concurrency = maxConcurrentUploads < 1 ? DEFAULT_CONCURRENT_UPLOADS : maxConcurrentUploads;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, layers.size())), r -> {
            Thread t = new Thread(r, "push-" + target.path());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                progress.progress(progressId(layers.get(i)), "Preparing", -1, -1);
            }
            for (int i = 0; i < layers.size(); i++) {
                String id = progressId(layers.get(i));
                if (i >= concurrency) {
                    progress.progress(id, "Waiting", -1, -1);
                }
                Descriptor d = described.get(i);
                uploads.add(pool.submit(() -> pushLayer(target, from, d, id, credentials, progress)));
            }
            for (Future<?> f : uploads) {
                await(f);
            }
        } finally {
            pool.shutdownNow();
        }

        Digest configDigest = Digest.of(configBytes);
        if (checker.check(target, configDigest, credentials, true).isEmpty()) {
            content.write(configBytes, configDigest); // normally there already; needed as a file to stream
            pusher.push(target, configDigest, content.path(configDigest), null, credentials, null);
        }
        Manifest manifest = new Manifest(schema2 ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST,
                new Descriptor(schema2 ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG, configDigest,
                        configBytes.length),
                described);
        byte[] bytes = ManifestJson.write(manifest);
        Digest digest = manifests.push(target, target.tag(), bytes, manifest.mediaType(), credentials);
        content.write(bytes, digest);
        return new PushResult(target.tag(), digest, bytes.length, manifest.mediaType());
    }

    private void pushLayer(Reference target, Reference from, Descriptor d, String id, RegistryAuth auth,
                           ProgressListener progress) {
        if (checker.check(target, d.digest(), auth, true).isPresent()) {
            progress.progress(id, "Layer already exists", -1, -1);
            return;
        }
        java.net.URI location = null;
        if (from != null) {
            try {
                BlobMounter.Result r = mounter.mount(target, d.digest(), from, auth);
                if (r.mounted()) {
                    progress.progress(id, "Mounted from " + from.path(), -1, -1); // docker names the repository by its path
                    return;
                }
                location = r.uploadLocation();
            } catch (RegistryException e) {
                if (e.kind() == ErrorKind.UNAVAILABLE) {
                    throw e;
                }
                // no pull access to the source, say: upload instead
            }
        }
        pusher.push(target, d.digest(), content.path(d.digest()), location, auth,
                new Throttle(progress, id, "Pushing", d.size()));
        progress.progress(id, "Pushed", -1, -1);
    }

    private List<Descriptor> describe(List<Layer> layers) {
        List<Descriptor> out = new ArrayList<>();
        for (Layer l : layers) {
            if (!content.exists(l.blobDigest())) {
                throw EngineException.notFound("blob " + l.blobDigest() + " is not in the content store; "
                        + "the layer cannot be pushed");
            }
            long size = l.size() > 0 ? l.size() : content.size(l.blobDigest());
            String type = l.mediaType() != null ? l.mediaType() : sniff(l.blobDigest());
            out.add(new Descriptor(type, l.blobDigest(), size));
        }
        return out;
    }

    private String sniff(Digest blob) {
        try (InputStream in = content.open(blob)) {
            return switch (LayerDecoding.sniff(in)) {
                case GZIP -> MediaTypes.DOCKER_LAYER_GZIP;
                case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
                case PLAIN -> MediaTypes.OCI_LAYER;
                case OTHER -> throw EngineException.invalid("layer " + blob
                        + " is bzip2 or xz compressed, which registries do not accept; re-import it uncompressed or gzipped");
            };
        } catch (IOException e) {
            throw EngineException.unavailable("cannot read blob " + blob, e);
        }
    }

    private static String progressId(Layer l) {
        return (l.diffId() != null ? l.diffId() : l.blobDigest()).shortId();
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw EngineException.internal("push failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(ErrorKind.UNAVAILABLE, "push interrupted");
        }
    }
}
