package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** A layer blob's compression as a push names it in the manifest (the image module's {@code Decompression} decodes). */
final class LayerDecoding {
    private static final byte[] ZSTD = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
    private static final byte[] GZIP = {0x1f, (byte) 0x8b};

    enum Compression { PLAIN, GZIP, ZSTD, OTHER }

    private LayerDecoding() {}

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
