package dev.berth.registry;

import dev.berth.image.Digest;
import java.util.List;
import java.util.Objects;

/**
 * A content descriptor: what a manifest or index says about one blob or manifest.
 *
 * @param platform set only on index entries; null elsewhere
 * @param urls foreign-layer locations; empty normally
 */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform, List<String> urls) {
    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("size < 0");
        }
        urls = List.copyOf(urls == null ? List.of() : urls);
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, List.of());
    }
}
