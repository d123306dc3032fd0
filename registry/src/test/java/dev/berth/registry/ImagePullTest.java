package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import dev.berth.image.ContentStore;
import dev.berth.image.Digest;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageConfigJson;
import dev.berth.image.LayerStore;
import dev.berth.image.Reference;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ImagePull against a scripted registry: compression kinds and faults a real registry won't make. */
class ImagePullTest {
    @TempDir
    Path root;
    FakeRegistry fake;
    RegistryClient client;
    ContentStore content;
    LayerStore layers;
    Reference ref;

    @BeforeEach
    void setUp() throws IOException {
        fake = new FakeRegistry();
        client = new RegistryClient(RegistryConfig.defaults().withRetry(
                new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(1))));
        client.rememberScheme(fake.domain(), "http");
        content = new ContentStore(root);
        layers = new LayerStore(root);
        ref = Reference.parse(fake.domain() + "/t/img:latest");
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    static byte[] tar(String name, String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setMode(0100644);
            e.setSize(data.length);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    /** Serves an OCI image of the given (tar, blob, mediaType) layers; blob routes may be overridden first. */
    void serveImage(List<byte[]> tars, List<byte[]> blobs, List<String> types) {
        List<Digest> diffIds = tars.stream().map(Digest::of).toList();
        byte[] config = ImageConfigJson.write(new ImageConfig("amd64", "linux", null, null, null, null, null, diffIds, null));
        List<Descriptor> descs = new ArrayList<>();
        for (int i = 0; i < blobs.size(); i++) {
            descs.add(new Descriptor(types.get(i), Digest.of(blobs.get(i)), blobs.get(i).length));
        }
        byte[] manifest = ManifestJson.write(new Manifest(MediaTypes.OCI_MANIFEST,
                new Descriptor(MediaTypes.OCI_CONFIG, Digest.of(config), config.length), descs));
        fake.routes.add(ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/manifests/latest")) {
                FakeRegistry.send(ex, 200, manifest, MediaTypes.OCI_MANIFEST);
                return true;
            }
            if (path.endsWith("/blobs/" + Digest.of(config))) {
                FakeRegistry.send(ex, 200, config, "application/octet-stream");
                return true;
            }
            for (byte[] b : blobs) {
                if (path.endsWith("/blobs/" + Digest.of(b))) {
                    FakeRegistry.send(ex, 200, b, "application/octet-stream");
                    return true;
                }
            }
            return false;
        });
    }

    @Test
    void pull_gzipZstdAndPlainLayers_unpackInOrder() throws Exception {
        byte[] t1 = tar("a.txt", "one");
        byte[] t2 = tar("b.txt", "two");
        byte[] t3 = tar("c.txt", "three");
        serveImage(List.of(t1, t2, t3), List.of(gzip(t1), Zstd.compress(t2), t3),
                List.of(MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_LAYER_ZSTD, MediaTypes.OCI_LAYER));
        List<String> statuses = new CopyOnWriteArrayList<>();
        PullResult r = new ImagePull(client, content, layers).pull(ref, null, null, 2,
                (id, status, cur, total) -> statuses.add(status));
        assertThat(r.layers()).hasSize(3);
        Path top = layers.dir(r.layers().get(2).chainId());
        assertThat(Files.readString(top.resolve("c.txt"))).isEqualTo("three");
        assertThat(Files.readString(layers.dir(r.layers().get(1).chainId()).resolve("b.txt"))).isEqualTo("two");
        assertThat(statuses).contains("Pull complete");
    }

    @Test
    void pull_truncatedOnce_retriesAndSucceeds() throws Exception {
        byte[] t1 = tar("a.txt", "x".repeat(200_000));
        byte[] blob = gzip(t1);
        AtomicInteger calls = new AtomicInteger();
        fake.routes.add(ex -> {
            if (!ex.getRequestURI().getPath().endsWith("/blobs/" + Digest.of(blob)) || calls.incrementAndGet() > 1) {
                return false;
            }
            ex.sendResponseHeaders(200, blob.length);
            OutputStream out = ex.getResponseBody();
            out.write(blob, 0, blob.length / 2);
            out.flush();
            ex.close();
            return true;
        });
        serveImage(List.of(t1), List.of(blob), List.of(MediaTypes.OCI_LAYER_GZIP));
        List<String> statuses = new CopyOnWriteArrayList<>();
        PullResult r = new ImagePull(client, content, layers).pull(ref, null, null, 3,
                (id, status, cur, total) -> statuses.add(status));
        assertThat(layers.exists(r.layers().get(0).chainId())).isTrue();
        assertThat(statuses).anyMatch(s -> s.startsWith("Retrying in"));
        assertThat(calls.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void pull_blobWithWrongDigest_failsAndLeavesNothing() throws Exception {
        byte[] t1 = tar("a.txt", "good");
        byte[] blob = gzip(t1);
        byte[] evilTar = tar("a.txt", "evil"); // once: tar() stamps the current time
        byte[] evil = gzip(evilTar);
        fake.routes.add(ex -> {
            if (!ex.getRequestURI().getPath().endsWith("/blobs/" + Digest.of(blob))) {
                return false;
            }
            FakeRegistry.send(ex, 200, evil, "application/octet-stream");
            return true;
        });
        serveImage(List.of(t1), List.of(blob), List.of(MediaTypes.OCI_LAYER_GZIP));
        assertThatThrownBy(() -> new ImagePull(client, content, layers).pull(ref, null, null, 3, null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        assertThat(content.exists(Digest.of(blob))).isFalse();
        assertThat(content.exists(Digest.of(evil))).isFalse();
        assertThat(layers.exists(Digest.of(t1))).isFalse();
        // A streamed layer is unpacked before the blob's digest is known; it is whole but unreferenced
        // (a layer of the evil content), and left to garbage collection rather than deleted here.
        String evilChain = Digest.of(evilTar).hex();
        try (var s = Files.list(root.resolve("layers"))) {
            assertThat(s.filter(p -> !p.getFileName().toString().equals(evilChain)))
                    .as("no temp layer dirs").isEmpty();
        }
        try (var s = Files.list(root.resolve("content/tmp"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void pull_configNotMatchingManifestLayers_isRefused() throws Exception {
        byte[] t1 = tar("a.txt", "one");
        serveImage(List.of(t1, t1), List.of(gzip(t1)), List.of(MediaTypes.OCI_LAYER_GZIP));
        assertThatThrownBy(() -> new ImagePull(client, content, layers).pull(ref, null, null, 3, null))
                .hasMessage("layers from manifest don't match image configuration");
    }

    @Test
    void pull_tagTheRegistryLacks_notFoundBeforeAnyProgress() {
        List<String> statuses = new CopyOnWriteArrayList<>();
        // Nothing written yet, so the API answers the request itself with a 404, as dockerd does.
        assertThatThrownBy(() -> new ImagePull(client, content, layers).pull(ref, null, null, 3,
                (id, status, cur, total) -> statuses.add(status)))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThat(statuses).isEmpty();
    }

    @Test
    void pull_tag_pullingFromIsTheFirstLineOnceTheTagResolved() throws Exception {
        byte[] t1 = tar("a.txt", "one");
        serveImage(List.of(t1), List.of(gzip(t1)), List.of(MediaTypes.OCI_LAYER_GZIP));
        List<String> statuses = new CopyOnWriteArrayList<>();
        new ImagePull(client, content, layers).pull(ref, null, null, 3, (id, status, cur, total) -> statuses.add(status));
        assertThat(statuses.get(0)).isEqualTo("Pulling from t/img");
    }

    /** The route for {@code blob} answers {@code served} instead, after {@code delayMs}. */
    void serveInstead(byte[] blob, byte[] served, long delayMs) {
        fake.routes.add(ex -> {
            if (!ex.getRequestURI().getPath().endsWith("/blobs/" + Digest.of(blob))) {
                return false;
            }
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeRegistry.send(ex, 200, served, "application/octet-stream");
            return true;
        });
    }

    void assertNothingLeft() throws IOException {
        try (var s = Files.list(root.resolve("layers"))) {
            assertThat(s).as("layer dirs, named or temp").isEmpty();
        }
        try (var s = Files.list(root.resolve("content/tmp"))) {
            assertThat(s).as("temp blobs").isEmpty();
        }
    }

    // A plain tar's diff id is its blob digest, so it is hashed once, as it downloads: these check that
    // the layer is still used only once that hash matched, and that the config's diff id still counts.

    @Test
    void pull_streamedPlainLayerWithOtherBytes_refusedBeforeTheLayerIsNamed() throws Exception {
        byte[] good = tar("a.txt", "good");
        byte[] evil = tar("a.txt", "evil");
        serveInstead(good, evil, 0);
        serveImage(List.of(good), List.of(good), List.of(MediaTypes.OCI_LAYER));
        assertThatThrownBy(() -> new ImagePull(client, content, layers).pull(ref, null, null, 3, null))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
                    assertThat(e).hasMessageContaining("verification failed for digest " + Digest.of(good));
                });
        assertThat(content.exists(Digest.of(good))).isFalse();
        assertThat(content.exists(Digest.of(evil))).isFalse();
        assertNothingLeft();
    }

    @Test
    void pull_storedPlainLayerWithOtherBytes_refusedAndNotStored() throws Exception {
        byte[] t1 = tar("a.txt", "one");
        byte[] good = tar("b.txt", "good");
        byte[] evil = tar("b.txt", "evil");
        // the first layer comes late, so the second is downloaded into the store, not streamed
        serveInstead(t1, t1, 500);
        serveInstead(good, evil, 0);
        serveImage(List.of(t1, good), List.of(t1, good), List.of(MediaTypes.OCI_LAYER, MediaTypes.OCI_LAYER));
        assertThatThrownBy(() -> new ImagePull(client, content, layers).pull(ref, null, null, 2, null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        assertThat(content.exists(Digest.of(good))).isFalse();
        assertThat(content.exists(Digest.of(evil))).isFalse();
        assertThat(layers.exists(Digest.of(t1))).as("the first layer, whole and verified, stays for GC").isTrue();
        try (var s = Files.list(root.resolve("content/tmp"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void pull_plainBlobMatchingItsDigestButNotTheConfigDiffId_isRefused() throws Exception {
        byte[] listed = tar("a.txt", "listed");
        byte[] served = tar("a.txt", "served");
        serveImage(List.of(listed), List.of(served), List.of(MediaTypes.OCI_LAYER));
        assertThatThrownBy(() -> new ImagePull(client, content, layers).pull(ref, null, null, 3, null))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
                    assertThat(e).hasMessageContaining("unpacks to " + Digest.of(served))
                            .hasMessageContaining("lists " + Digest.of(listed));
                });
    }

    @Test
    void pull_plainLayers_streamedAndStored_unpackWithTheirDiffIds() throws Exception {
        byte[] t1 = tar("a.txt", "one");
        byte[] t2 = tar("b.txt", "two");
        serveInstead(t1, t1, 300);
        serveImage(List.of(t1, t2), List.of(t1, t2), List.of(MediaTypes.OCI_LAYER, MediaTypes.OCI_LAYER));
        PullResult r = new ImagePull(client, content, layers).pull(ref, null, null, 2, null);
        assertThat(r.layers().get(1).diffId()).isEqualTo(Digest.of(t2));
        assertThat(Files.readString(layers.dir(r.layers().get(1).chainId()).resolve("b.txt"))).isEqualTo("two");
        assertThat(content.exists(Digest.of(t1))).isTrue();
        assertThat(content.exists(Digest.of(t2))).isTrue();
    }
}
