package dev.berth.registry;

import com.github.luben.zstd.ZstdInputStream;
import dev.berth.spi.EngineException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * zstd layers: the image module's {@code LayerStore} understands plain, gzip, bzip2 and xz tars;
 * zstd ({@code tar+zstd}) is decoded here with zstd-jni first, so the store sees a plain tar.
 * The diff id is the hash of the tar either way.
 */
final class LayerDecoding {
    private static final byte[] ZSTD = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
    private static final byte[] GZIP = {0x1f, (byte) 0x8b};

    enum Compression { PLAIN, GZIP, ZSTD, OTHER }

    private LayerDecoding() {}

    /**
     * What to hand to {@code LayerStore.apply}; closing it closes {@code in}.
     *
     * @param stream the blob's bytes, or for zstd their decoding
     * @param sameBytes true when {@code stream} gives the blob's own bytes (nothing decoded here), so
     *     that for a plain tar the blob's digest is also its diff id
     */
    record Decoded(InputStream stream, boolean sameBytes) {}

    static Decoded forApply(InputStream in) {
        BufferedInputStream b = new BufferedInputStream(in, 64 * 1024);
        try {
            b.mark(8);
            byte[] head = b.readNBytes(4);
            b.reset();
            if (head.length == 4 && Arrays.equals(head, ZSTD)) {
                return new Decoded(new ZstdInputStream(b), false);
            }
            return new Decoded(b, true);
        } catch (IOException e) {
            throw EngineException.invalid("cannot read layer: " + e.getMessage());
        } catch (UnsatisfiedLinkError e) {
            throw EngineException.invalid("zstd-compressed layers need zstd-jni's native library: " + e.getMessage());
        }
    }

    /** What a blob's first bytes say about its compression. */
    static Compression sniff(InputStream in) throws IOException {
        byte[] head = in.readNBytes(262);
        if (head.length >= 4 && Arrays.equals(head, 0, 4, ZSTD, 0, 4)) {
            return Compression.ZSTD;
        }
        if (head.length >= 2 && Arrays.equals(head, 0, 2, GZIP, 0, 2)) {
            return Compression.GZIP;
        }
        // bzip2 "BZh", xz: unpackable locally but not valid in a registry manifest
        if (head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h'
                || head.length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z') {
            return Compression.OTHER;
        }
        return Compression.PLAIN;
    }
}
