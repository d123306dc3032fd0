package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker import of a busybox rootfs, then two containers' overlay roots over it. Needs root. */
class ImportSnapshotIT {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @TempDir
    Path dataRoot;
    ContentStore content;
    LayerStore layers;
    Snapshotter snapshotter;

    @BeforeEach
    void setUp() {
        assertTrue(Native.isRoot(), "overlay mounts need root");
        assertTrue(Files.isRegularFile(BUSYBOX), "needs a static /bin/busybox (busybox-static, scripts/install-deps)");
        content = new ContentStore(dataRoot);
        layers = new LayerStore(dataRoot);
        snapshotter = new Snapshotter(dataRoot);
    }

    @AfterEach
    void unmountAll() {
        if (snapshotter != null) {
            for (String id : List.of("c1", "c2")) {
                snapshotter.unmount(id); // never leave a mount behind, even when a test failed
            }
        }
    }

    static byte[] busyboxRootfs() throws IOException {
        TarBuilder tar = new TarBuilder().dir("bin", 0755)
                .file("bin/busybox", Files.readAllBytes(BUSYBOX), 0755);
        for (String applet : List.of("sh", "ls", "cat", "echo")) {
            tar.symlink("bin/" + applet, "busybox");
        }
        return tar.dir("etc", 0755).file("etc/hostname", "berth\n").dir("tmp", 01777).build();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void importRootfs_gzippedBusybox_storesImageAndLayer() throws IOException {
        byte[] tar = busyboxRootfs();
        byte[] body = gzip(tar);
        ImportResult r = new Importer(content, layers).importRootfs(new ByteArrayInputStream(body),
                List.of("CMD [\"sh\"]", "ENV A=1"), null, null, null);

        assertThat(r.layers()).hasSize(1);
        LayerRef l = r.layers().get(0);
        assertThat(l.diffId()).isEqualTo(Digest.of(tar));
        assertThat(l.chainId()).isEqualTo(l.diffId());
        assertThat(l.blobDigest()).isEqualTo(Digest.of(body));
        assertThat(l.size()).isEqualTo(body.length);
        assertThat(content.exists(l.blobDigest())).isTrue();
        assertThat(r.imageId()).isEqualTo(Digest.of(content.read(r.imageId())));
        assertThat(ImageConfigJson.read(content.read(r.imageId()))).isEqualTo(r.config());
        assertThat(r.config().architecture()).isEqualTo(Platforms.hostArchitecture());
        assertThat(r.config().os()).isEqualTo("linux");
        assertThat(r.config().config().cmd()).containsExactly("sh");
        assertThat(r.config().config().env()).containsExactly("A=1");
        assertThat(r.config().history()).singleElement().satisfies(h -> {
            assertThat(h.comment()).isEqualTo("Imported from -");
            assertThat(h.createdBy()).isEmpty();
        });
        Path layerDir = layers.dir(l.chainId());
        assertThat(Files.readSymbolicLink(layerDir.resolve("bin/sh")).toString()).isEqualTo("busybox");
        assertThat(Native.posix().lstat(layerDir.resolve("tmp").toString()).mode() & 07777).isEqualTo(01777);
    }

    @Test
    void importRootfs_notATar_invalidNothingLeft() throws IOException {
        Importer importer = new Importer(content, layers);
        assertThatThrownBy(() -> importer.importRootfs(new ByteArrayInputStream("hello world".repeat(100).getBytes()),
                List.of(), null, null, null))
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(dataRoot.resolve("content/sha256")).isEmptyDirectory();
        assertThat(dataRoot.resolve("content/tmp")).isEmptyDirectory();
        assertThat(dataRoot.resolve("layers")).isEmptyDirectory();
    }

    @Test
    void importRootfs_badChange_invalidBeforeStoring() throws IOException {
        Importer importer = new Importer(content, layers);
        assertThatThrownBy(() -> importer.importRootfs(new ByteArrayInputStream(busyboxRootfs()),
                List.of("RUN rm -rf /"), null, null, null))
                .hasMessage("RUN is not a valid change command");
        assertThat(dataRoot.resolve("content/sha256")).isEmptyDirectory();
    }

    @Test
    void snapshotter_twoContainersOneImage_isolatedAndCleanedUp() throws Exception {
        ImportResult r = new Importer(content, layers).importRootfs(
                new ByteArrayInputStream(busyboxRootfs()), List.of(), "mine", "arm64", "linux");
        assertThat(r.config().architecture()).isEqualTo("arm64");
        assertThat(r.config().history().get(0).comment()).isEqualTo("mine");
        List<Digest> chain = r.config().chainIds();
        Path lower = layers.dir(chain.get(0));

        Path root1 = snapshotter.mount("c1", chain);
        Path root2 = snapshotter.mount("c2", chain);
        assertThat(snapshotter.mount("c1", chain)).isEqualTo(root1); // idempotent
        assertThat(snapshotter.isMounted("c1")).isTrue();
        assertThat(snapshotter.isMounted("c2")).isTrue();
        assertThat(root1.resolve("etc/hostname")).hasContent("berth\n");

        Files.writeString(root1.resolve("etc/only-in-c1"), "c1");
        Files.delete(root1.resolve("etc/hostname"));
        assertThat(root1.resolve("etc/only-in-c1")).hasContent("c1");
        assertThat(Files.exists(root2.resolve("etc/only-in-c1"))).isFalse();
        assertThat(root2.resolve("etc/hostname")).hasContent("berth\n");
        assertThat(Files.exists(lower.resolve("etc/only-in-c1"))).isFalse();
        assertThat(lower.resolve("etc/hostname")).hasContent("berth\n");
        assertThat(snapshotter.upperDir("c1").resolve("etc/only-in-c1")).hasContent("c1");

        // the rootfs is runnable: busybox from the lower layer reads the merged view
        Process p = new ProcessBuilder("chroot", root1.toString(), "/bin/sh", "-c", "cat /etc/only-in-c1; ls /etc")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        assertThat(out).isEqualTo("c1only-in-c1\n");

        snapshotter.unmount("c1");
        snapshotter.unmount("c1"); // idempotent
        assertThat(snapshotter.isMounted("c1")).isFalse();
        assertThat(snapshotter.isMounted("c2")).isTrue();
        snapshotter.remove("c1");
        snapshotter.remove("c1"); // idempotent
        assertThat(Files.exists(dataRoot.resolve("containers/c1/overlay"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(dataRoot.resolve("containers/c1/rootfs"), LinkOption.NOFOLLOW_LINKS)).isFalse();

        snapshotter.remove("c2");
        assertThat(snapshotter.isMounted("c2")).isFalse();
        assertThat(lower.resolve("bin/busybox")).exists();
    }

    @Test
    void snapshotter_busyMount_lazilyDetached() throws Exception {
        ImportResult r = new Importer(content, layers).importRootfs(
                new ByteArrayInputStream(busyboxRootfs()), List.of(), null, null, null);
        Path root1 = snapshotter.mount("c1", r.config().chainIds());
        Process holder = new ProcessBuilder("chroot", root1.toString(), "/bin/sh", "-c", "sleep 30").start();
        try {
            Thread.sleep(300);
            snapshotter.unmount("c1");
            assertThat(snapshotter.isMounted("c1")).isFalse();
        } finally {
            holder.destroyForcibly().waitFor();
        }
        snapshotter.remove("c1");
    }
}
