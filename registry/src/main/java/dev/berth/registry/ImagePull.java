package dev.berth.registry;

import dev.berth.image.AppliedLayer;
import dev.berth.image.ContentStore;
import dev.berth.image.Digest;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageConfigJson;
import dev.berth.image.LayerRef;
import dev.berth.image.LayerStore;
import dev.berth.image.Reference;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code docker pull}: resolves the reference to one image manifest (an index is resolved for the
 * wanted platform), stores the manifest(s) and the verified config in the content store, then
 * fetches the layers with {@link LayerFetch} (parallel downloads, in-order unpacking, layers
 * already present skipped). Nothing here registers the image: the caller journals it from the
 * {@link PullResult}.
 */
public final class ImagePull {
    public static final int DEFAULT_CONCURRENT_DOWNLOADS = 3;
    private static final int MAX_INDEX_DEPTH = 2;

    private final ContentStore content;
    private final LayerStore layers;
    private final ManifestPuller manifests;
    private final BlobPuller blobs;

    public ImagePull(RegistryClient client, ContentStore content, LayerStore layers) {
        this.content = content;
        this.layers = layers;
        this.manifests = new ManifestPuller(client);
        this.blobs = new BlobPuller(client);
    }

    /**
     * @param platform the platform wanted, or null for the host's (and then a single-platform
     *     image of another platform is accepted, as docker does without {@code --platform})
     * @param maxConcurrentDownloads daemon.json's {@code max-concurrent-downloads}; below 1 means 3
     */
    public PullResult pull(Reference ref, Platform platform, RegistryAuth auth, int maxConcurrentDownloads,
                           ProgressListener listener) {
        Objects.requireNonNull(ref, "ref");
        RegistryAuth credentials = auth == null ? RegistryAuth.anonymous() : auth;
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        Platform wanted = platform == null ? Platform.host() : platform.normalize();
        String tagOrDigest = ref.digest() != null ? ref.digest().toString() : ref.tag();

        // As dockerd: a tag is resolved before "Pulling from" is written, so a tag the registry lacks is
        // the request's error (404, docker-java's NotFoundException), not a line in a 200 stream.
        PulledManifest top;
        if (ref.digest() != null) {
            progress.progress(tagOrDigest, "Pulling from " + ref.path(), -1, -1);
            top = fetchManifest(ref, tagOrDigest, credentials);
        } else {
            top = fetchManifest(ref, tagOrDigest, credentials);
            progress.progress(tagOrDigest, "Pulling from " + ref.path(), -1, -1);
        }
        content.write(top.bytes(), top.digest());

        PulledManifest current = top;
        ManifestDocument doc = top.document();
        for (int depth = 0; doc instanceof ManifestIndex index; depth++) {
            if (depth >= MAX_INDEX_DEPTH) {
                throw EngineException.invalid("manifest list nested too deeply in " + ref.familiar());
            }
            Descriptor chosen = index.select(wanted);
            current = fetchManifest(ref, chosen.digest().toString(), credentials);
            content.write(current.bytes(), current.digest());
            doc = current.document();
        }
        Manifest manifest = (Manifest) doc;

        Descriptor configDesc = manifest.config();
        byte[] configBytes = blobs.pullBytes(ref, configDesc.digest(), configDesc.size(), credentials);
        ImageConfig config = ImageConfigJson.read(configBytes);
        if (platform != null && top == current) {
            checkPlatform(ref, wanted, config);
        }
        if (config.diffIds().size() != manifest.layers().size()) {
            throw EngineException.invalid("layers from manifest don't match image configuration");
        }
        for (Descriptor layer : manifest.layers()) {
            if (MediaTypes.isForeign(layer.mediaType()) || !MediaTypes.isSupportedLayer(layer.mediaType())) {
                throw EngineException.invalid("unsupported layer media type " + layer.mediaType()
                        + " in " + ref.familiar());
            }
        }
        // The config goes in before the layers so an interrupted pull can resume from it; it is
        // only a blob until the caller registers the image.
        content.write(configBytes, configDesc.digest());

        int concurrency = maxConcurrentDownloads < 1 ? DEFAULT_CONCURRENT_DOWNLOADS : maxConcurrentDownloads;
        List<LayerRef> refs = new LayerFetch(ref, credentials, content, layers, blobs, progress, concurrency)
                .fetch(manifest.layers(), config.diffIds());

        progress.progress(null, "Digest: " + top.digest(), -1, -1);
        return new PullResult(configDesc.digest(), top.digest(), current.digest(), config, refs,
                ref.familiarName() + "@" + top.digest());
    }

    private static void checkPlatform(Reference ref, Platform wanted, ImageConfig config) {
        Platform actual = new Platform(config.os().isEmpty() ? "linux" : config.os(),
                config.architecture().isEmpty() ? "amd64" : config.architecture(), config.variant());
        if (!wanted.accepts(actual)) {
            throw EngineException.notFound("image with reference " + ref.familiar()
                    + " was found but does not match the specified platform: wanted " + wanted
                    + ", actual: " + actual.normalize());
        }
    }

    /** The manifest, with a registry's refusal reworded as docker words it for a pull. */
    private PulledManifest fetchManifest(Reference ref, String tagOrDigest, RegistryAuth auth) {
        try {
            return manifests.pull(ref, tagOrDigest, auth);
        } catch (RegistryException e) {
            throw reword(ref, e, auth);
        }
    }

    static EngineException reword(Reference ref, RegistryException e, RegistryAuth auth) {
        String code = e.code() == null ? "" : e.code();
        if (code.equals("MANIFEST_UNKNOWN") || e.kind() == ErrorKind.NOT_FOUND && code.isEmpty()) {
            return new EngineException(ErrorKind.NOT_FOUND,
                    "manifest for " + ref.familiar() + " not found: " + e.getMessage(), e);
        }
        if (code.equals("NAME_UNKNOWN")) {
            return new EngineException(ErrorKind.NOT_FOUND,
                    "repository " + ref.familiarName() + " not found: " + e.getMessage(), e);
        }
        boolean refused = e.status() == 401 || e.status() == 403 || code.equals("DENIED");
        if (refused && auth.isAnonymous()) {
            return new EngineException(ErrorKind.NOT_FOUND, "pull access denied for " + ref.familiarName()
                    + ", repository does not exist or may require 'docker login': " + e.getMessage(), e);
        }
        return e;
    }
}
