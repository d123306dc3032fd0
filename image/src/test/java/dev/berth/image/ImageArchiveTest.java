package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageArchiveTest {
    @TempDir
    Path tmp;

    private ImportResult importGzipped(Path root) throws IOException {
        byte[] layer = new TarBuilder().dir("etc", 0755).file("etc/hello", "hi\n").build();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(layer);
        }
        return new Importer(new ContentStore(root), new LayerStore(root))
                .importRootfs(new ByteArrayInputStream(gz.toByteArray()), List.of("CMD [\"sh\"]"), null, "amd64", "linux");
    }

    private static Map<String, byte[]> files(byte[] tar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.isFile()) {
                    out.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return out;
    }

    @Test
    void write_gzippedLayer_isDockerAndOciLayoutWithUncompressedLayerByDiffId() throws IOException {
        Path a = tmp.resolve("a");
        ImportResult img = importGzipped(a);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ImageArchive(new ContentStore(a), tmp.resolve("scratch"))
                .write(List.of(new ImageArchive.Entry(img.imageId(), List.of("busybox:latest"), img.layers())), out);
        Map<String, byte[]> f = files(out.toByteArray());
        LayerRef layer = img.layers().get(0);
        assertThat(f).containsKeys("manifest.json", "index.json", "oci-layout", "repositories",
                "blobs/sha256/" + img.imageId().hex(), "blobs/sha256/" + layer.diffId().hex());
        assertThat(Digest.of(f.get("blobs/sha256/" + layer.diffId().hex()))).isEqualTo(layer.diffId());
        JsonNode manifest = new ObjectMapper().readTree(f.get("manifest.json"));
        assertThat(manifest.get(0).get("Config").asText()).isEqualTo("blobs/sha256/" + img.imageId().hex());
        assertThat(manifest.get(0).get("RepoTags").get(0).asText()).isEqualTo("busybox:latest");
        JsonNode index = new ObjectMapper().readTree(f.get("index.json"));
        assertThat(index.at("/manifests/0/annotations/io.containerd.image.name").asText())
                .isEqualTo("docker.io/library/busybox:latest");
    }

    @Test
    void load_ofSavedArchive_givesTheSameImageInAnotherStore() throws IOException {
        Path a = tmp.resolve("a");
        ImportResult img = importGzipped(a);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ImageArchive(new ContentStore(a), tmp.resolve("scratch"))
                .write(List.of(new ImageArchive.Entry(img.imageId(), List.of("busybox:latest"), img.layers())), out);
        Path b = tmp.resolve("b");
        LayerStore layers = new LayerStore(b);
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        List<ArchiveLoader.Loaded> loaded = new ArchiveLoader(new ContentStore(b), layers)
                .load(new ByteArrayInputStream(out.toByteArray()), spool);
        assertThat(loaded).singleElement().satisfies(l -> {
            assertThat(l.imageId()).isEqualTo(img.imageId());
            assertThat(l.repoTags()).containsExactly("busybox:latest");
            assertThat(layers.exists(l.layers().get(0).chainId())).isTrue();
        });
        assertThat(Files.readString(layers.dir(img.layers().get(0).chainId()).resolve("etc/hello"))).isEqualTo("hi\n");
    }

    @Test
    void load_legacyLayout_withLayerTarDirs() throws IOException {
        byte[] layer = new TarBuilder().file("hello", "legacy\n").build();
        Digest diffId = Digest.of(layer);
        ImageConfig config = new ImageConfig("amd64", "linux", null, null, null, null, null, List.of(diffId), List.of());
        byte[] configBytes = ImageConfigJson.write(config);
        String manifest = "[{\"Config\":\"" + Digest.of(configBytes).hex() + ".json\",\"RepoTags\":[\"old:1\"],"
                + "\"Layers\":[\"abc/layer.tar\"]}]";
        byte[] archive = new TarBuilder()
                .file(Digest.of(configBytes).hex() + ".json", configBytes, 0644)
                .dir("abc", 0755)
                .file("abc/layer.tar", layer, 0644)
                .file("manifest.json", manifest)
                .build();
        Path b = tmp.resolve("b");
        List<ArchiveLoader.Loaded> loaded = new ArchiveLoader(new ContentStore(b), new LayerStore(b))
                .load(new ByteArrayInputStream(archive), Files.createDirectories(tmp.resolve("spool")));
        assertThat(loaded).singleElement().satisfies(l -> {
            assertThat(l.imageId()).isEqualTo(Digest.of(configBytes));
            assertThat(l.repoTags()).containsExactly("old:1");
        });
    }

    @Test
    void load_notATar_isInvalidArgument() {
        Path b = tmp.resolve("b");
        assertThatThrownBy(() -> new ArchiveLoader(new ContentStore(b), new LayerStore(b))
                .load(new ByteArrayInputStream("this is not a tar".getBytes(StandardCharsets.UTF_8)),
                        Files.createDirectories(tmp.resolve("spool"))))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }
}
