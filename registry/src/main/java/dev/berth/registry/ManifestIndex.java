package dev.berth.registry;

import dev.berth.spi.EngineException;
import java.util.List;
import java.util.Objects;

/** An OCI image index or a Docker manifest list: one manifest per platform. */
public record ManifestIndex(String mediaType, List<Descriptor> manifests) implements ManifestDocument {
    public ManifestIndex {
        Objects.requireNonNull(mediaType, "mediaType");
        manifests = List.copyOf(manifests);
    }

    /**
     * The entry for {@code wanted}, preferring an exact variant over a compatible one and, among
     * equals, the first listed (as containerd does). Entries without a platform, or for
     * {@code unknown/unknown} (BuildKit's attestations), never match.
     */
    public Descriptor select(Platform wanted) {
        Descriptor best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Descriptor d : manifests) {
            if (d.platform() == null || !MediaTypes.isManifest(d.mediaType()) && !MediaTypes.isIndex(d.mediaType())) {
                continue;
            }
            int rank = wanted.rank(d.platform());
            if (rank < bestRank) {
                best = d;
                bestRank = rank;
            }
        }
        if (best == null) {
            throw EngineException.notFound(
                    "no matching manifest for " + wanted.normalize() + " in the manifest list entries");
        }
        return best;
    }
}
