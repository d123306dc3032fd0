package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ImageRoutesTest extends ServerFixture {
    private static final long FIFTY_MB = 50L * 1024 * 1024;

    @Test
    void inspect_nameWithRegistryPortAndSlashes_isRouted() throws Exception {
        HttpResponse<String> r = get("/v1.50/images/" + FakeImages.NAME + "/json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode image = Json.MAPPER.readTree(r.body());
        assertThat(image.path("RepoTags").get(0).asText()).isEqualTo(FakeImages.NAME);
        assertThat(image.path("RootFS").path("Type").asText()).isEqualTo("layers");
        assertThat(image.path("Parent").asText()).isEmpty();
    }

    @Test
    void inspect_olderClientsAndCompose1_getTheDeprecatedFieldsDockerdStillSendsOldClients() throws Exception {
        JsonNode current = Json.MAPPER.readTree(get("/v1.50/images/" + FakeImages.NAME + "/json").body());
        assertThat(current.has("ContainerConfig")).isFalse();
        assertThat(current.has("Container")).isFalse();
        assertThat(current.has("VirtualSize")).isFalse();

        // docker-compose 1.29 speaks 1.38 and reads ContainerConfig.Volumes when it recreates a container
        JsonNode compose = Json.MAPPER.readTree(get("/v1.38/images/" + FakeImages.NAME + "/json").body());
        assertThat(compose.path("ContainerConfig").isObject()).isTrue();
        assertThat(compose.path("ContainerConfig").has("Volumes")).isTrue();
        assertThat(compose.path("ContainerConfig").path("Volumes").isNull()).isTrue();
        assertThat(compose.path("Container").asText("x")).isEmpty();
        assertThat(compose.path("VirtualSize").asLong()).isEqualTo(current.path("Size").asLong());
        assertThat(compose.path("RepoTags")).isEqualTo(current.path("RepoTags"));

        JsonNode v144 = Json.MAPPER.readTree(get("/v1.44/images/" + FakeImages.NAME + "/json").body());
        assertThat(v144.has("ContainerConfig")).isTrue();
        assertThat(v144.has("VirtualSize")).isFalse();

        // compose 1.29 negotiates 1.50 but still needs ContainerConfig to recreate a changed service
        JsonNode compose150 = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(uri("/v1.50/images/"
                        + FakeImages.NAME + "/json")).header("User-Agent", "docker-compose/1.29.2 docker-py/5.0.3 Linux/6.1")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(compose150.path("ContainerConfig").has("Volumes")).isTrue();
        assertThat(compose150.has("VirtualSize")).isFalse();
        JsonNode py150 = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(uri("/v1.50/images/"
                        + FakeImages.NAME + "/json")).header("User-Agent", "docker-sdk-python/5.0.3")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(py150.has("ContainerConfig")).isFalse();
    }

    @Test
    void tag_answers201() throws Exception {
        HttpResponse<String> r = post("/images/" + FakeImages.NAME + "/tag?repo=mine/x&tag=v1", null);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(images.taggedRepo).isEqualTo("mine/x:v1");
    }

    @Test
    void delete_listsUntaggedAndDeleted() throws Exception {
        JsonNode items = Json.MAPPER.readTree(delete("/images/" + FakeImages.NAME + "?force=1").body());
        assertThat(items.get(0).path("Untagged").asText()).isEqualTo(FakeImages.NAME);
        assertThat(items.get(0).has("Deleted")).isFalse();
        assertThat(items.get(1).path("Deleted").asText()).startsWith("sha256:");
    }

    @Test
    void list_empty_isEmptyArray() throws Exception {
        assertThat(get("/images/json").body()).isEqualTo("[]");
    }

    @Test
    void create_pull_isNotImplementedYet() throws Exception {
        assertThat(post("/images/create?fromImage=busybox&tag=latest", null).statusCode()).isEqualTo(501);
    }

    /**
     * The client stops after 8 MB until the backend has seen bytes: were the server buffering the whole
     * body first, the backend would see nothing and the test would time out.
     */
    @Test
    void import_streamsBodyToBackendWhileClientStillSends() throws Exception {
        InputStream body = new InputStream() {
            long sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (sent >= FIFTY_MB) {
                    return -1;
                }
                if (sent >= 8L * 1024 * 1024) {
                    try {
                        if (!images.firstBytesSeen.await(10, TimeUnit.SECONDS)) {
                            throw new IOException("backend saw nothing while the client was sending");
                        }
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                int n = (int) Math.min(len, FIFTY_MB - sent);
                sent += n;
                return n;
            }
        };
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v1.50/images/create?fromSrc=-&repo=imp&tag=1"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/tar")
                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> body), FIFTY_MB))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(images.imported).isEqualTo(FIFTY_MB);
        List<String> lines = r.body().lines().toList();
        assertThat(Json.MAPPER.readTree(lines.get(0)).path("progressDetail").path("current").asLong()).isEqualTo(FIFTY_MB);
        assertThat(Json.MAPPER.readTree(lines.get(lines.size() - 1)).path("status").asText())
                .isEqualTo("sha256:" + "ab".repeat(32));
    }
}
