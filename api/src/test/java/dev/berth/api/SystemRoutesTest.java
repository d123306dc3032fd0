package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemRoutesTest extends ServerFixture {

    @Test
    void ping_get_answersOkWithDockerHeaders() throws Exception {
        HttpResponse<String> r = get("/_ping");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("OK");
        assertThat(r.headers().firstValue("Api-Version")).hasValue("1.50");
        assertThat(r.headers().firstValue("OSType")).hasValue("linux");
        assertThat(r.headers().firstValue("Docker-Experimental")).hasValue("false");
        assertThat(r.headers().firstValue("Builder-Version")).hasValue("1");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache, no-store, must-revalidate");
        assertThat(r.headers().firstValue("Pragma")).hasValue("no-cache");
        assertThat(r.headers().firstValue("Server")).hasValueSatisfying(s -> assertThat(s).startsWith("Berth/"));
    }

    @Test
    void ping_get_headerLines_inDockerdsOrder_withTheirValues() throws Exception {
        try (RawHttp c = RawHttp.tcp(port)) {
            for (int i = 0; i < 2; i++) { // the second answer on the connection is the first's
                RawHttp.Head head = c.send("GET", "/_ping", null, null).readHead();
                assertThat(head.statusLine()).isEqualTo("HTTP/1.1 200 OK");
                assertThat(List.copyOf(head.headers().keySet())).containsExactly("api-version", "docker-experimental",
                        "ostype", "server", "content-type", "content-length", "builder-version", "swarm",
                        "cache-control", "pragma");
                assertThat(head.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
                assertThat(head.header("Content-Length")).isEqualTo("2");
                assertThat(head.header("Swarm")).isEqualTo("inactive");
                assertThat(head.header("Server")).isEqualTo("Berth/0.1.0 (linux)");
                assertThat(new String(c.readBody(head), StandardCharsets.US_ASCII)).isEqualTo("OK");
            }
        }
    }

    @Test
    void ping_head_answersHeadersWithoutBody() throws Exception {
        try (RawHttp c = RawHttp.tcp(port)) {
            RawHttp.Head head = c.send("HEAD", "/_ping", null, null).readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Api-Version")).isEqualTo("1.50");
            assertThat(head.header("Ostype")).isEqualTo("linux");
            assertThat(head.header("Content-Length")).isEqualTo("0");
            // Keep-alive: a second request on the same connection works.
            RawHttp.Head second = c.send("GET", "/_ping", null, null).readHead();
            assertThat(new String(c.readBody(second), StandardCharsets.US_ASCII)).isEqualTo("OK");
        }
    }

    @Test
    void version_returnsBackendVersionWithDockerNames() throws Exception {
        JsonNode v = Json.MAPPER.readTree(get("/version").body());
        assertThat(v.path("ApiVersion").asText()).isEqualTo("1.50");
        assertThat(v.path("MinAPIVersion").asText()).isEqualTo("1.24");
        assertThat(v.path("Platform").path("Name").asText()).isEqualTo("Berth Engine");
        assertThat(v.path("Components").get(0).path("Name").asText()).isEqualTo("Engine");
        // Clients check the top-level Version against Docker's releases (Testcontainers: at least 1.6.0);
        // Berth's own version is the Engine component's, which `docker version` prints.
        assertThat(v.path("Version").asText()).isEqualTo("28.2.0");
        assertThat(v.path("Components").get(0).path("Version").asText()).isEqualTo("0.1.0");
    }

    @Test
    void version_secondAnswer_isTheFirstsBytes() throws Exception {
        HttpResponse<String> first = get("/version");
        HttpResponse<String> second = get("/version");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(second.body()).isEqualTo(first.body()).contains("\"ApiVersion\":\"1.50\"");
    }

    @Test
    void info_returnsSwarmInactiveAndEmptyLists() throws Exception {
        JsonNode info = Json.MAPPER.readTree(get("/info").body());
        assertThat(info.path("Swarm").path("LocalNodeState").asText()).isEqualTo("inactive");
        assertThat(info.path("Warnings").isArray()).isTrue();
        assertThat(info.path("NCPU").asInt()).isEqualTo(2);
        assertThat(info.path("OSType").asText()).isEqualTo("linux");
        assertThat(info.has("DefaultAddressPools")).as("dockerd lists only configured pools").isFalse();
    }

    @Test
    void events_streamsOneJsonObjectPerLineInChunks() throws Exception {
        try (RawHttp c = RawHttp.tcp(port)) {
            RawHttp.Head head = c.send("GET", "/v1.50/events?since=1700000000.5&until=2024-05-06T07:08:09Z", null, null)
                    .readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(head.header("Content-Type")).isEqualTo("application/json");
            List<String> chunks = new ArrayList<>();
            for (int size = c.nextChunkSize(); size > 0; size = c.nextChunkSize()) {
                chunks.add(new String(c.readChunk(size), StandardCharsets.UTF_8));
            }
            assertThat(chunks).hasSize(2).allSatisfy(chunk -> assertThat(chunk).endsWith("}\n"));
            JsonNode first = Json.MAPPER.readTree(chunks.get(0));
            assertThat(first.path("Type").asText()).isEqualTo("container");
            assertThat(first.path("Action").asText()).isEqualTo("start");
            assertThat(first.path("status").asText()).isEqualTo("start");
            assertThat(first.path("Actor").path("Attributes").path("name").asText()).isEqualTo("web");
            assertThat(first.path("timeNano").asLong()).isEqualTo(1700000000123456789L);
        }
        assertThat(system.lastSince).isEqualTo(Instant.ofEpochSecond(1700000000L, 500_000_000));
        assertThat(system.lastUntil).isEqualTo(Instant.parse("2024-05-06T07:08:09Z"));
    }

    @Test
    void events_after_passesTheCursor_eventsCarryTheirPosition() throws Exception {
        HttpResponse<String> r = get("/v1.50/events?after=7&until=1700000001");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(system.lastAfter).isEqualTo("7");
        JsonNode event = Json.MAPPER.readTree(r.body().lines().findFirst().orElseThrow());
        assertThat(event.path("Action").asText()).isEqualTo("stop");
        assertThat(event.path("berth").path("offset").asLong()).isEqualTo(8);
        assertThat(event.path("berth").path("cursor").asText()).isEqualTo("8");
    }

    @Test
    void events_withoutPosition_haveNoBerthField() throws Exception {
        HttpResponse<String> r = get("/v1.50/events?since=1700000000");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(r.body().lines().findFirst().orElseThrow()).has("berth")).isFalse();
    }

    @Test
    void events_cursorBeyondTheJournal_is400BeforeStreaming() throws Exception {
        HttpResponse<String> r = get("/v1.50/events?after=99");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).path("message").asText())
                .isEqualTo("cursor 99 is beyond the end of the journal");
    }

    @Test
    void events_unknownFilter_is400() throws Exception {
        HttpResponse<String> r = get("/events?filters=" + java.net.URLEncoder.encode("{\"bogus\":{\"x\":true}}",
                StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("invalid filter 'bogus'");
    }

    @Test
    void unknownRoute_is404PageNotFound() throws Exception {
        HttpResponse<String> r = get("/v1.50/nothing/here");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(Json.MAPPER.readTree(r.body()).path("message").asText()).isEqualTo("page not found");
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri("/nothing/here"))
                .method("PUT", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(404);
    }
}
