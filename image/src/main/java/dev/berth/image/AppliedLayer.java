package dev.berth.image;

import java.util.Objects;

/**
 * A layer unpacked in the layer store.
 *
 * @param diffId digest of the uncompressed tar
 * @param chainId the key of its directory, {@code layers/<chainId hex>}
 * @param size bytes of regular-file content in the layer
 */
public record AppliedLayer(Digest diffId, Digest chainId, long size) {
    public AppliedLayer {
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(chainId, "chainId");
        if (size < 0) {
            throw new IllegalArgumentException("size < 0");
        }
    }
}
