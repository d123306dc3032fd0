package dev.berth.image;

import com.github.luben.zstd.ZstdInputStream;
import dev.berth.spi.EngineException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Recognises a layer's (or a build context's) compression by its magic bytes, as Docker's
 * {@code DecompressStream} does, and returns the plain tar stream: gzip, bzip2, xz and zstd (zstd-jni's
 * bundled libzstd) — for pulled and loaded layers, {@code import} and build contexts alike.
 */
public final class Decompression {
    private static final byte[] GZIP = {0x1f, (byte) 0x8b, 0x08};
    private static final byte[] BZIP2 = {0x42, 0x5a, 0x68};
    private static final byte[] XZ = {(byte) 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00};
    private static final byte[] ZSTD = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

    enum Kind { PLAIN, GZIP, BZIP2, XZ, ZSTD }

    private Decompression() {}

    static Kind detect(byte[] head, int len) {
        if (startsWith(head, len, GZIP)) {
            return Kind.GZIP;
        }
        if (startsWith(head, len, BZIP2)) {
            return Kind.BZIP2;
        }
        if (startsWith(head, len, XZ)) {
            return Kind.XZ;
        }
        if (startsWith(head, len, ZSTD)) {
            return Kind.ZSTD;
        }
        return Kind.PLAIN;
    }

    /** The uncompressed stream of {@code in}; closing it closes {@code in}. */
    public static InputStream open(InputStream in) {
        return openKnown(in).stream();
    }

    /** An uncompressed stream, and whether {@code in} was already plain (the same bytes). */
    record Opened(InputStream stream, boolean plain) {}

    static Opened openKnown(InputStream in) {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        try {
            buffered.mark(16);
            byte[] head = buffered.readNBytes(10);
            buffered.reset();
            Kind kind = detect(head, head.length);
            return new Opened(switch (kind) {
                case PLAIN -> buffered;
                case GZIP -> new GZIPInputStream(buffered, 64 * 1024);
                case BZIP2 -> new BZip2CompressorInputStream(buffered, true);
                case XZ -> new XZCompressorInputStream(buffered, true);
                case ZSTD -> zstd(buffered);
            }, kind == Kind.PLAIN);
        } catch (IOException e) {
            throw EngineException.invalid("cannot read compressed layer: " + e.getMessage());
        }
    }

    private static InputStream zstd(InputStream in) throws IOException {
        try {
            return new ZstdInputStream(in);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw EngineException.invalid("zstd-compressed layers need zstd-jni's native library: " + e.getMessage());
        }
    }

    private static boolean startsWith(byte[] head, int len, byte[] magic) {
        return len >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }
}
