package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerStoreTest {
    @TempDir
    Path root;

    private static final byte[] TAR = new TarBuilder().dir("etc", 0755).file("etc/hostname", "berth\n").build();

    interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static byte[] compress(Compressor c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = c.wrap(bytes)) {
            out.write(TAR);
        }
        return bytes.toByteArray();
    }

    @Test
    void apply_anyCompression_sameDiffIdAndSharedDir() throws IOException {
        LayerStore store = new LayerStore(root);
        Digest expected = Digest.of(TAR);
        for (byte[] body : new byte[][] {TAR, compress(GZIPOutputStream::new),
                compress(BZip2CompressorOutputStream::new), compress(XZCompressorOutputStream::new)}) {
            AppliedLayer l = store.apply(null, new ByteArrayInputStream(body));
            assertThat(l.diffId()).isEqualTo(expected);
            assertThat(l.chainId()).isEqualTo(expected);
            assertThat(l.size()).isEqualTo(6);
        }
        assertThat(store.dir(expected).resolve("etc/hostname")).hasContent("berth\n");
        try (var s = Files.list(root.resolve("layers"))) {
            assertThat(s.toList()).containsExactly(store.dir(expected));
        }
    }

    @Test
    void diskSize_afterAnApply_isWhatTheUnpackCounted_symlinkTargetsIn_hardLinksOnce() throws IOException {
        // as moby's directory.Size: lstat sizes of all but directories, a hard-linked file once;
        // a pull sums diskSize, an import the extractor's count: one image, one size either way
        byte[] tar = new TarBuilder().dir("bin", 0755).file("bin/busybox", "0123456789", 0755)
                .hardlink("bin/sh", "bin/busybox").symlink("bin/ls", "busybox").file("bin/empty", "")
                .fifo("bin/pipe").build();
        LayerStore store = new LayerStore(root);
        AppliedLayer l = store.apply(null, new ByteArrayInputStream(tar));
        assertThat(store.diskSize(l.chainId())).isEqualTo(10 + "busybox".length()).isEqualTo(l.size());
    }

    @Test
    void apply_withTheBlobDigest_usesItOnlyForAPlainTar() throws IOException {
        // an import passes its blob's digest: a plain tar's diff id is that digest, not hashed again;
        // a compressed blob's digest is not the diff id, so the tar is still hashed
        LayerStore store = new LayerStore(root);
        Digest expected = Digest.of(TAR);
        byte[] gzip = compress(GZIPOutputStream::new);
        assertThat(store.apply(null, new ByteArrayInputStream(gzip), () -> Digest.of(gzip)).diffId()).isEqualTo(expected);
        Digest marker = Digest.of("not the tar".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(store.apply(null, new ByteArrayInputStream(TAR), () -> marker).diffId()).isEqualTo(marker);
        assertThat(store.dir(marker).resolve("etc/hostname")).hasContent("berth\n");
    }

    @Test
    void apply_onParent_chainIdFollowsSpec() {
        LayerStore store = new LayerStore(root);
        AppliedLayer base = store.apply(null, new ByteArrayInputStream(TAR));
        byte[] top = new TarBuilder().file("top", "t").build();
        AppliedLayer l = store.apply(base.chainId(), new ByteArrayInputStream(top));
        assertThat(l.chainId()).isEqualTo(ChainId.next(base.chainId(), Digest.of(top)));
        assertThat(store.exists(l.chainId())).isTrue();
    }

    @Test
    void apply_missingParent_notFound() {
        LayerStore store = new LayerStore(root);
        assertThatThrownBy(() -> store.apply(Digest.of("nope"), new ByteArrayInputStream(TAR)))
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void apply_notATar_invalidAndNothingLeft() throws IOException {
        LayerStore store = new LayerStore(root);
        byte[] junk = "not a tar ".repeat(200).getBytes();
        assertThatThrownBy(() -> store.apply(null, new ByteArrayInputStream(junk)))
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(root.resolve("layers")).isEmptyDirectory();
    }

    @Test
    void apply_corruptGzip_invalidAndNothingLeft() throws IOException {
        LayerStore store = new LayerStore(root);
        byte[] gz = compress(GZIPOutputStream::new);
        for (int i = 20; i < gz.length - 8; i++) {
            gz[i] ^= 0x5a;
        }
        assertThatThrownBy(() -> store.apply(null, new ByteArrayInputStream(gz)))
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(root.resolve("layers")).isEmptyDirectory();
    }
}
