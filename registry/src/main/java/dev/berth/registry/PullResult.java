package dev.berth.registry;

import dev.berth.image.Digest;
import dev.berth.image.ImageConfig;
import dev.berth.image.LayerRef;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ImagePull} stored; registering the image (entity, tags) is the caller's business.
 *
 * @param imageId the config blob's digest
 * @param manifestDigest what the reference resolved to: the index's digest for a multi-platform
 *     image (as Docker's RepoDigests), else the manifest's
 * @param platformManifestDigest the image manifest actually pulled (equal to
 *     {@code manifestDigest} unless an index was resolved)
 * @param layers base first
 * @param repoDigest {@code busybox@sha256:…}, for {@code RepoDigests}
 */
public record PullResult(Digest imageId, Digest manifestDigest, Digest platformManifestDigest, ImageConfig config,
                         List<LayerRef> layers, String repoDigest) {
    public PullResult {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        Objects.requireNonNull(platformManifestDigest, "platformManifestDigest");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
    }
}
