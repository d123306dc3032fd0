package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.image.Digest;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageConfigJson;
import dev.berth.image.Reference;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RemoteInspect} and {@link IndexSearch} against a loopback registry/index. */
class RemoteInspectTest {
    FakeRegistry fake;
    RegistryClient client;

    @BeforeEach
    void setUp() throws IOException {
        fake = new FakeRegistry();
        client = new RegistryClient(RegistryConfig.defaults());
        client.rememberScheme(fake.domain(), "http");
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    @Test
    void index_descriptorIsTheIndex_platformsAreItsEntries() {
        Descriptor amd = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.of(new byte[] {1}), 10,
                new Platform("linux", "amd64", null), List.of());
        Descriptor arm = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.of(new byte[] {2}), 11,
                new Platform("linux", "arm64", "v8"), List.of());
        byte[] index = ManifestJson.write(new ManifestIndex(MediaTypes.OCI_INDEX, List.of(amd, arm)));
        fake.routes.add(ex -> {
            if (ex.getRequestURI().getPath().equals("/v2/t/multi/manifests/v1")) {
                FakeRegistry.send(ex, 200, index, MediaTypes.OCI_INDEX);
                return true;
            }
            return false;
        });
        RemoteInspect.Result r = new RemoteInspect(client).inspect(Reference.parse(fake.domain() + "/t/multi:v1"), null);
        assertThat(r.descriptor().mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(r.descriptor().digest()).isEqualTo(Digest.of(index));
        assertThat(r.descriptor().size()).isEqualTo(index.length);
        assertThat(r.platforms()).containsExactly(new Platform("linux", "amd64", null),
                new Platform("linux", "arm64", "v8"));
        // nothing but the manifest was asked for: no blob of an index is fetched
        assertThat(fake.count("GET /v2/t/multi/blobs")).isZero();
    }

    @Test
    void manifest_platformComesFromItsConfig() {
        byte[] config = ImageConfigJson.write(new ImageConfig("arm", "linux", "v7", null, null, null, null, List.of(),
                null));
        byte[] manifest = ManifestJson.write(new Manifest(MediaTypes.OCI_MANIFEST,
                new Descriptor(MediaTypes.OCI_CONFIG, Digest.of(config), config.length),
                List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of(new byte[] {3}), 1))));
        fake.routes.add(ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/v2/t/one/manifests/latest")) {
                FakeRegistry.send(ex, 200, manifest, MediaTypes.OCI_MANIFEST);
                return true;
            }
            if (path.equals("/v2/t/one/blobs/" + Digest.of(config))) {
                FakeRegistry.send(ex, 200, config, "application/octet-stream");
                return true;
            }
            return false;
        });
        RemoteInspect.Result r = new RemoteInspect(client).inspect(Reference.parse(fake.domain() + "/t/one"), null);
        assertThat(r.descriptor().digest()).isEqualTo(Digest.of(manifest));
        assertThat(r.platforms()).containsExactly(new Platform("linux", "arm", "v7"));
        assertThat(fake.count("GET /v2/t/one/blobs/" + Digest.of(new byte[] {3}))).isZero(); // no layer is fetched
    }

    @Test
    void unknownTag_isNotFoundInAPullsWords() {
        fake.routes.add(ex -> {
            FakeRegistry.send(ex, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
            return true;
        });
        assertThatThrownBy(() -> new RemoteInspect(client).inspect(Reference.parse(fake.domain() + "/t/x:nope"), null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("manifest for " + fake.domain() + "/t/x:nope not found: manifest unknown: manifest unknown");
    }

    @Test
    void registryUnreachable_inGoWords() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        RegistryClient once = new RegistryClient(RegistryConfig.defaults().withRetry(
                new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1))));
        String domain = "127.0.0.1:" + closed;
        assertThatThrownBy(() -> new RemoteInspect(once).inspect(Reference.parse(domain + "/x/y:v1"), null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                .hasMessageMatching("Get \"https?://" + domain + "/v2/.*\": dial tcp " + domain
                        + ": connect: connection refused");
    }

    @Test
    void search_readsTheV1Answer() {
        fake.routes.add(ex -> {
            if (ex.getRequestURI().getPath().equals("/v1/search")) {
                assertThat(ex.getRequestURI().getQuery()).isEqualTo("q=team/box&n=25");
                FakeRegistry.send(ex, 200, "{\"num_results\":1,\"query\":\"team/box\",\"results\":[{\"name\":\"team/box\","
                        + "\"description\":\"a box\",\"star_count\":7,\"is_official\":false,\"is_automated\":true}]}");
                return true;
            }
            return false;
        });
        List<IndexSearch.Hit> hits = new IndexSearch(client).search(fake.domain() + "/team/box", 0, null);
        assertThat(hits).containsExactly(new IndexSearch.Hit("team/box", "a box", 7, false));
    }

    @Test
    void search_refusals_inDockerdsWords() throws IOException {
        IndexSearch search = new IndexSearch(client);
        assertThatThrownBy(() -> search.search("busybox", 101, null)).hasMessage("limit 101 is outside the range of [1, 100]");
        assertThatThrownBy(() -> search.search("https://x.io/busybox", 0, null))
                .hasMessage("invalid repository name: repository name (https://x.io/busybox) should not have a scheme");
        fake.routes.add(ex -> {
            FakeRegistry.send(ex, 404, "404 page not found\n");
            return true;
        });
        assertThatThrownBy(() -> search.search(fake.domain() + "/busybox", 0, null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessage("Unexpected status code 404");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> search.search("127.0.0.1:" + closed + "/busybox", 0, null))
                .hasMessage("Get \"http://127.0.0.1:" + closed + "/v1/search?q=busybox&n=25\": dial tcp 127.0.0.1:"
                        + closed + ": connect: connection refused");
        assertThatThrownBy(() -> search.search("no-such-host.invalid/busybox", 0, null))
                .hasMessage("Get \"https://no-such-host.invalid/v1/search?q=busybox&n=25\": dial tcp: lookup "
                        + "no-such-host.invalid: no such host");
    }
}
