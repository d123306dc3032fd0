package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.backend.NetworkBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VolumeRoutesTest extends ServerFixture {
    private final FakeVolumes volumes = new FakeVolumes();

    @BeforeEach
    void withVolumes() throws IOException {
        server.close();
        server = new ApiServer(new ApiConfig(List.of("unix://" + socket, "tcp://127.0.0.1:0")), containers, images,
                system, NetworkBackend.NONE, volumes);
        server.start();
        port = ((InetSocketAddress) server.boundAddresses().get(1)).getPort();
    }

    private static String filters(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void list_isVolumesAndWarnings_inDockersShape() throws Exception {
        var r = get("/v1.50/volumes?filters=" + filters("{\"dangling\":{\"true\":true},\"label\":{\"team\":true}}"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("Warnings").isArray()).isTrue();
        JsonNode v = body.get("Volumes").get(0);
        assertThat(v.get("Name").asText()).isEqualTo("data");
        assertThat(v.get("Mountpoint").asText()).isEqualTo("/var/lib/berth/volumes/data/_data");
        assertThat(v.get("CreatedAt").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(v.get("Scope").asText()).isEqualTo("local");
        assertThat(v.get("Options").get("o").asText()).isEqualTo("size=1m");
        assertThat(v.has("UsageData")).isFalse();
        assertThat(volumes.lastFilters.get("dangling")).containsExactly("true");
    }

    @Test
    void list_unknownFilter_isDockersInvalidFilter() throws Exception {
        var r = get("/volumes?filters=" + filters("{\"id\":{\"x\":true}}"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("message").asText()).isEqualTo("invalid filter 'id'");
    }

    @Test
    void create_passesNameDriverOptionsLabels_answers201() throws Exception {
        var r = post("/volumes/create", "{\"Name\":\"data\",\"Driver\":\"local\",\"DriverOpts\":{\"o\":\"size=1m\"},"
                + "\"Labels\":{\"team\":\"db\"}}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json(r).get("Name").asText()).isEqualTo("data");
        assertThat(volumes.lastCreate.driverOpts()).containsEntry("o", "size=1m");
        assertThat(volumes.lastCreate.labels()).containsEntry("team", "db");
    }

    @Test
    void create_clusterVolumeSpec_isRefusedByName() throws Exception {
        var r = post("/volumes/create", "{\"Name\":\"data\",\"ClusterVolumeSpec\":{\"Group\":\"g\"}}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("message").asText()).isEqualTo("ClusterVolumeSpec is not supported by Berth yet");
        assertThat(volumes.lastCreate).isNull();
    }

    @Test
    void inspect_unknown_is404WithDockersText() throws Exception {
        var r = get("/volumes/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("message").asText()).isEqualTo("get nope: no such volume");
    }

    @Test
    void remove_force_isPassed_answers204() throws Exception {
        assertThat(delete("/volumes/data?force=1").statusCode()).isEqualTo(204);
        assertThat(volumes.lastForce).isTrue();
        assertThat(delete("/volumes/data").statusCode()).isEqualTo(204);
        assertThat(volumes.lastForce).isFalse();
    }

    @Test
    void prune_allOnlyWhenAsked_orBeforeApi142() throws Exception {
        var r = post("/v1.50/volumes/prune", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("VolumesDeleted").get(0).asText()).isEqualTo("data");
        assertThat(json(r).get("SpaceReclaimed").asLong()).isEqualTo(42);
        assertThat(volumes.lastAll).isFalse();
        post("/v1.50/volumes/prune?filters=" + filters("{\"all\":{\"true\":true}}"), null);
        assertThat(volumes.lastAll).isTrue();
        post("/v1.41/volumes/prune", null);
        assertThat(volumes.lastAll).isTrue();
        var label = post("/v1.50/volumes/prune?filters=" + filters("{\"label!\":{\"keep\":true}}"), null);
        assertThat(label.statusCode()).isEqualTo(200);
        assertThat(volumes.lastAll).isFalse();
        assertThat(volumes.lastFilters.get("label!")).isEqualTo(Set.of("keep"));
    }

    @Test
    void update_outsideSwarm_isDockerd503() throws Exception {
        var r = http.send(HttpRequest.newBuilder(uri("/volumes/data?version=1"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).get("message").asText())
                .isEqualTo("volume update only valid for cluster volumes, but swarm is unavailable");
    }

    @Test
    void systemDf_listsVolumesWithUsageData() throws Exception {
        JsonNode v = json(get("/system/df")).get("Volumes").get(0);
        assertThat(v.get("Name").asText()).isEqualTo("data");
        assertThat(v.get("UsageData").get("Size").asLong()).isEqualTo(42);
        assertThat(v.get("UsageData").get("RefCount").asLong()).isEqualTo(1);
        assertThat(json(get("/system/df?type=image")).get("Volumes")).isEmpty();
    }
}
