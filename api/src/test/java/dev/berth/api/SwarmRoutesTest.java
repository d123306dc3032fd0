package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Swarm-mode and plugin routes answer as dockerd outside a swarm, never "page not found". */
class SwarmRoutesTest extends ServerFixture {

    @Test
    void managerRoutes_503_notAManager_inMobysWords() throws Exception {
        for (String path : List.of("/swarm", "/swarm/unlockkey", "/nodes", "/nodes/n1", "/services", "/services/s1",
                "/services/s1/logs", "/tasks", "/tasks/t1", "/tasks/t1/logs", "/secrets", "/secrets/x", "/configs",
                "/v1.30/configs/x", "/v1.41/services")) {
            assertRefused(get(path), 503, SwarmRoutes.NOT_A_MANAGER);
        }
        for (String path : List.of("/swarm/update", "/swarm/unlock", "/services/create", "/services/s1/update",
                "/nodes/n1/update", "/secrets/create", "/secrets/x/update", "/configs/create", "/configs/x/update")) {
            assertRefused(post(path, "{}"), 503, SwarmRoutes.NOT_A_MANAGER);
        }
        for (String path : List.of("/services/s1", "/nodes/n1", "/secrets/x", "/configs/x")) {
            assertRefused(delete(path), 503, SwarmRoutes.NOT_A_MANAGER);
        }
    }

    @Test
    void leave_503_notPartOfASwarm_initAndJoin_501() throws Exception {
        assertRefused(post("/swarm/leave?force=1", null), 503, "This node is not part of a swarm");
        assertRefused(post("/swarm/init", "{\"ListenAddr\":\"0.0.0.0:2377\"}"), 501, SwarmRoutes.NO_SWARM_MODE);
        assertRefused(post("/swarm/join", "{}"), 501, SwarmRoutes.NO_SWARM_MODE);
    }

    @Test
    void secretsAndConfigs_keepDockersMinimumVersions() throws Exception {
        assertThat(get("/v1.24/secrets").statusCode()).isEqualTo(400);
        assertThat(get("/v1.29/configs").statusCode()).isEqualTo(400);
        assertThat(get("/v1.25/secrets").statusCode()).isEqualTo(503);
    }

    @Test
    void plugins_emptyList_namedOne404_installing501() throws Exception {
        HttpResponse<String> list = get("/plugins");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(list.body()).isArray()).isTrue();
        assertThat(Json.MAPPER.readTree(list.body())).isEmpty();
        assertRefused(get("/plugins/vieux/sshfs:latest/json"), 404, "plugin \"vieux/sshfs:latest\" not found");
        assertRefused(post("/plugins/sshfs/enable", null), 404, "plugin \"sshfs\" not found");
        assertRefused(delete("/plugins/sshfs"), 404, "plugin \"sshfs\" not found");
        assertRefused(post("/plugins/pull?remote=vieux/sshfs", "[]"), 501, PluginRoutes.NOT_SUPPORTED);
        assertRefused(get("/plugins/privileges?remote=vieux/sshfs"), 501, PluginRoutes.NOT_SUPPORTED);
    }

    private static void assertRefused(HttpResponse<String> r, int status, String message) throws Exception {
        assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(status);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("message").asText()).as(r.uri().toString()).isEqualTo(message);
    }
}
