package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.image.Digest;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {
    static final String A = "sha256:" + "a".repeat(64);
    static final String B = "sha256:" + "b".repeat(64);
    static final String C = "sha256:" + "c".repeat(64);

    static final String DOCKER_LIST = """
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json",
             "manifests":[
              {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":527,"digest":"%s",
               "platform":{"architecture":"amd64","os":"linux"}},
              {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":527,"digest":"%s",
               "platform":{"architecture":"arm64","os":"linux","variant":"v8"}},
              {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":527,"digest":"%s",
               "platform":{"architecture":"arm","os":"linux","variant":"v6"}}]}
            """.formatted(A, B, C);

    static final String OCI_MANIFEST = """
            {"schemaVersion":2,
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":1469,"digest":"%s"},
             "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","size":2,"digest":"%s"},
                       {"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd","size":3,"digest":"%s"}],
             "annotations":{"x":"y"}}
            """.formatted(A, B, C);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parse_dockerManifestList_givesIndexWithPlatforms() {
        ManifestIndex index = (ManifestIndex) ManifestJson.parse(b(DOCKER_LIST), null);
        assertThat(index.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(index.manifests()).hasSize(3);
        assertThat(index.manifests().get(1).platform()).isEqualTo(new Platform("linux", "arm64", "v8"));
    }

    @Test
    void parse_ociManifestWithoutMediaType_isRecognisedByShape() {
        Manifest m = (Manifest) ManifestJson.parse(b(OCI_MANIFEST), "application/json");
        assertThat(m.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(m.config().digest()).isEqualTo(Digest.parse(A));
        assertThat(m.layers()).extracting(Descriptor::mediaType)
                .containsExactly(MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_LAYER_ZSTD);
    }

    @Test
    void parse_contentTypeWithParameters_wins() {
        ManifestDocument d = ManifestJson.parse(b(DOCKER_LIST.replace(MediaTypes.DOCKER_MANIFEST_LIST, "")),
                MediaTypes.OCI_INDEX + "; charset=utf-8");
        assertThat(d.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    }

    @Test
    void parse_schema1_isRefusedClearly() {
        assertThatThrownBy(() -> ManifestJson.parse(b("{\"schemaVersion\":1,\"name\":\"x\",\"fsLayers\":[]}"), null))
                .isInstanceOf(EngineException.class).hasMessageContaining("schema 1");
    }

    @Test
    void parse_malformed_isInvalidArgument() {
        for (String bad : List.of("{", "[]", "{\"schemaVersion\":2,\"config\":{}}", "{\"schemaVersion\":2,\"layers\":[]}",
                "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"size\":1,\"digest\":\"md5:1\"},\"layers\":[]}")) {
            assertThatThrownBy(() -> ManifestJson.parse(b(bad), null)).as(bad)
                    .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        }
    }

    @Test
    void write_thenParse_roundTrips() {
        Manifest m = new Manifest(MediaTypes.DOCKER_MANIFEST, new Descriptor(MediaTypes.DOCKER_CONFIG, Digest.parse(A), 10),
                List.of(new Descriptor(MediaTypes.DOCKER_LAYER_GZIP, Digest.parse(B), 20)));
        assertThat(ManifestJson.parse(ManifestJson.write(m), MediaTypes.DOCKER_MANIFEST)).isEqualTo(m);
        ManifestIndex index = new ManifestIndex(MediaTypes.OCI_INDEX, List.of(
                new Descriptor(MediaTypes.OCI_MANIFEST, Digest.parse(C), 5, new Platform("linux", "arm64", "v8"), List.of())));
        assertThat(ManifestJson.parse(ManifestJson.write(index), null)).isEqualTo(index);
    }

    @Test
    void select_hostAndArm_pickTheRightEntry() {
        ManifestIndex index = (ManifestIndex) ManifestJson.parse(b(DOCKER_LIST), null);
        assertThat(index.select(Platform.parse("linux/amd64")).digest()).isEqualTo(Digest.parse(A));
        assertThat(index.select(Platform.parse("linux/arm64")).digest()).isEqualTo(Digest.parse(B));
        assertThat(index.select(Platform.parse("linux/arm64/v8")).digest()).isEqualTo(Digest.parse(B));
        // arm/v7 runs v6 images: compatible fallback
        assertThat(index.select(Platform.parse("linux/arm/v7")).digest()).isEqualTo(Digest.parse(C));
    }

    @Test
    void select_noMatch_namesThePlatform() {
        ManifestIndex index = new ManifestIndex(MediaTypes.OCI_INDEX, List.of(
                new Descriptor(MediaTypes.OCI_MANIFEST, Digest.parse(A), 5, new Platform("linux", "amd64", null), List.of()),
                new Descriptor(MediaTypes.OCI_MANIFEST, Digest.parse(B), 5, new Platform("unknown", "unknown", null), List.of())));
        assertThatThrownBy(() -> index.select(Platform.parse("linux/arm64")))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("no matching manifest for linux/arm64/v8 in the manifest list entries");
    }
}
