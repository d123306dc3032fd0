package dev.berth.registry;

import dev.berth.image.ImageConfig;
import dev.berth.image.ImageConfigJson;
import dev.berth.image.Reference;
import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /distribution/{name}/json}: what the registry holds under a reference, without pulling
 * it: the top manifest's descriptor and the platforms it serves (an index's entries, or a single
 * manifest's config). Nothing is stored.
 */
public final class RemoteInspect {
    private final ManifestPuller manifests;
    private final BlobPuller blobs;

    public RemoteInspect(RegistryClient client) {
        this.manifests = new ManifestPuller(client);
        this.blobs = new BlobPuller(client);
    }

    /**
     * @param descriptor the top manifest (or index) as the registry serves it
     * @param platforms an index's entries' platforms in its order; a manifest's config platform
     *     (none when the config names neither os nor architecture, as dockerd)
     */
    public record Result(Descriptor descriptor, List<Platform> platforms) {
        public Result {
            Objects.requireNonNull(descriptor, "descriptor");
            platforms = List.copyOf(platforms);
        }
    }

    public Result inspect(Reference ref, RegistryAuth auth) {
        RegistryAuth credentials = auth == null ? RegistryAuth.anonymous() : auth;
        String tagOrDigest = ref.digest() != null ? ref.digest().toString() : ref.tag() == null ? "latest" : ref.tag();
        PulledManifest top;
        try {
            top = manifests.pull(ref, tagOrDigest, credentials);
        } catch (RegistryException e) {
            throw ImagePull.reword(ref, e, credentials);
        }
        Descriptor descriptor = new Descriptor(top.mediaType(), top.digest(), top.bytes().length);
        List<Platform> platforms = new ArrayList<>();
        ManifestDocument doc = top.document();
        if (doc instanceof ManifestIndex index) {
            for (Descriptor entry : index.manifests()) {
                if (entry.platform() != null) {
                    platforms.add(entry.platform());
                }
            }
        } else if (doc instanceof Manifest manifest) {
            Descriptor config = manifest.config();
            ImageConfig image;
            try {
                image = ImageConfigJson.read(blobs.pullBytes(ref, config.digest(), config.size(), credentials));
            } catch (EngineException e) {
                // dockerd leaves the platforms empty when the config cannot be read
                return new Result(descriptor, platforms);
            }
            if (!image.os().isEmpty() || !image.architecture().isEmpty()) {
                platforms.add(new Platform(image.os(), image.architecture(), image.variant()));
            }
        }
        return new Result(descriptor, platforms);
    }
}
