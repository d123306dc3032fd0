package dev.berth.registry;

import dev.berth.image.Digest;
import java.util.Objects;

/**
 * A manifest or index exactly as the registry sent it.
 *
 * @param bytes the body, unchanged: {@code digest} is its sha256
 * @param mediaType from {@code Content-Type}, or the document's own when the header was generic
 */
public record PulledManifest(byte[] bytes, String mediaType, Digest digest) {
    public PulledManifest {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
    }

    public ManifestDocument document() {
        return ManifestJson.parse(bytes, mediaType);
    }
}
