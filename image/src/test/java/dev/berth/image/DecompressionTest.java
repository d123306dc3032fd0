package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;

class DecompressionTest {
    private static final byte[] PLAIN = "a tar would be here, the same bytes after any compression\n".repeat(200)
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void open_eachCompressionDockerRecognises_givesTheSameBytes() throws IOException {
        assertThat(read(PLAIN)).isEqualTo(PLAIN);
        assertThat(read(gzip(PLAIN))).isEqualTo(PLAIN);
        assertThat(read(bzip2(PLAIN))).isEqualTo(PLAIN);
        assertThat(read(xz(PLAIN))).isEqualTo(PLAIN);
        assertThat(read(Zstd.compress(PLAIN))).isEqualTo(PLAIN);
    }

    @Test
    void open_zstdOfSeveralFrames_readsThemAll() throws IOException {
        byte[] half = java.util.Arrays.copyOf(PLAIN, PLAIN.length / 2);
        byte[] rest = java.util.Arrays.copyOfRange(PLAIN, PLAIN.length / 2, PLAIN.length);
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.write(Zstd.compress(half));
        two.write(Zstd.compress(rest));
        assertThat(read(two.toByteArray())).isEqualTo(PLAIN);
    }

    @Test
    void openKnown_saysWhetherTheBytesWereAlreadyPlain() {
        assertThat(Decompression.openKnown(new ByteArrayInputStream(PLAIN)).plain()).isTrue();
        assertThat(Decompression.openKnown(new ByteArrayInputStream(Zstd.compress(PLAIN))).plain()).isFalse();
    }

    private static byte[] read(byte[] bytes) throws IOException {
        try (InputStream in = Decompression.open(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    private static byte[] bzip2(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream z = new BZip2CompressorOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    private static byte[] xz(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XZCompressorOutputStream z = new XZCompressorOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }
}
