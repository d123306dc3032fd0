package dev.berth.image;

import java.util.Objects;

/**
 * One layer of an image as the engine records it.
 *
 * @param diffId digest of the uncompressed tar (what the config lists)
 * @param chainId key of the unpacked directory in the {@link LayerStore}
 * @param blobDigest the blob in the {@link ContentStore} the layer came from (maybe compressed)
 * @param size size of that blob in bytes (a manifest descriptor's size)
 */
public record LayerRef(Digest diffId, Digest chainId, Digest blobDigest, long size) {
    public LayerRef {
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(blobDigest, "blobDigest");
        if (size < 0) {
            throw new IllegalArgumentException("size < 0");
        }
    }
}
