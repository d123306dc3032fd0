package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContainerRoutesTest extends ServerFixture {
    /** ApiServer's blocking pool names its threads so. */
    private static final String API_POOL = "berth-api-";

    @Test
    void create_parsesDockerFieldsAndAnswers201() throws Exception {
        String body = """
                {"Image":"busybox","Cmd":"echo hi","Entrypoint":["/bin/sh","-c"],"Tty":true,"Env":["A=b"],
                 "Labels":{"k":"v"},"ExposedPorts":{"80/tcp":{}},"Unknown":1,
                 "HostConfig":{"NetworkMode":"bridge","AutoRemove":true,"Memory":1048576,
                   "PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}]},"RestartPolicy":{"Name":"always"}},
                 "NetworkingConfig":{"EndpointsConfig":{"bridge":{"Aliases":["a"]}}}}""";
        HttpResponse<String> r = post("/v1.50/containers/create?name=web", body);
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode json = Json.MAPPER.readTree(r.body());
        assertThat(json.path("Id").asText()).isEqualTo(FakeContainers.WEB_ID);
        assertThat(json.path("Warnings").isArray()).isTrue();
        assertThat(containers.lastCreateName).isEqualTo("web");
        assertThat(containers.lastCreate.cmd()).containsExactly("echo hi");
        assertThat(containers.lastCreate.entrypoint()).containsExactly("/bin/sh", "-c");
        assertThat(containers.lastCreate.tty()).isTrue();
        assertThat(containers.lastCreate.hostConfig().memory()).isEqualTo(1048576L);
        assertThat(containers.lastCreate.hostConfig().portBindings().get("80/tcp").get(0).hostPort()).isEqualTo("8080");
        assertThat(containers.lastCreate.hostConfig().restartPolicy().name()).isEqualTo("always");
        assertThat(containers.lastCreate.networkingConfig().endpointsConfig().get("bridge").aliases()).containsExactly("a");
    }

    @Test
    void create_emptyBody_is400() throws Exception {
        assertThat(post("/containers/create", null).statusCode()).isEqualTo(400);
    }

    @Test
    void list_empty_isEmptyArrayNotNull() throws Exception {
        HttpResponse<String> r = get("/containers/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("[]");
    }

    @Test
    void list_all_withFiltersInBothForms() throws Exception {
        String f = URLEncoder.encode("{\"label\":{\"a=b\":true},\"status\":[\"running\"]}", StandardCharsets.UTF_8);
        JsonNode list = Json.MAPPER.readTree(get("/containers/json?all=1&filters=" + f).body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("Names").get(0).asText()).isEqualTo("/web");
        assertThat(list.get(0).path("Ports").get(0).path("PublicPort").asInt()).isEqualTo(8080);
        assertThat(list.get(0).path("Labels").isObject()).isTrue();
        assertThat(list.get(0).path("Mounts").isArray()).isTrue();
        assertThat(list.get(0).has("SizeRw")).isFalse();
        assertThat(containers.lastFilters.get("label")).containsExactly("a=b");
        assertThat(containers.lastFilters.get("status")).containsExactly("running");
    }

    @Test
    void inspect_returnsDockerShape() throws Exception {
        JsonNode c = Json.MAPPER.readTree(get("/containers/web/json").body());
        assertThat(c.path("Id").asText()).isEqualTo(FakeContainers.WEB_ID);
        assertThat(c.path("Name").asText()).isEqualTo("/web");
        assertThat(c.path("State").path("Running").asBoolean()).isTrue();
        assertThat(c.path("State").path("FinishedAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(c.path("Config").path("Cmd").get(0).asText()).isEqualTo("sleep");
        assertThat(c.path("ExecIDs").isNull()).isTrue();
    }

    @Test
    void inspect_fromView_answersOnTheEventLoop_withSize_onThePool() throws Exception {
        assertThat(get("/containers/web/json").statusCode()).isEqualTo(200);
        assertThat(containers.lastReadThread).doesNotStartWith(API_POOL);
        assertThat(get("/containers/web/json?size=1").statusCode()).isEqualTo(200);
        assertThat(containers.lastReadThread).startsWith(API_POOL);
        assertThat(get("/containers/nope/json").statusCode()).isEqualTo(404);
        assertThat(containers.lastReadThread).doesNotStartWith(API_POOL);
    }

    @Test
    void list_ofFewContainers_answersOnTheEventLoop_ofMany_onThePool() throws Exception {
        containers.count = ContainerRoutes.INLINE_LIST_MAX;
        assertThat(get("/containers/json?all=1").body()).contains("/web");
        assertThat(containers.lastReadThread).doesNotStartWith(API_POOL);
        assertThat(get("/containers/json?all=1&size=1").statusCode()).isEqualTo(200);
        assertThat(containers.lastReadThread).startsWith(API_POOL);
        containers.count = ContainerRoutes.INLINE_LIST_MAX + 1;
        assertThat(get("/containers/json?all=1").body()).contains("/web");
        assertThat(containers.lastReadThread).startsWith(API_POOL);
    }

    @Test
    void inspect_sameVersion_sendsTheBytesWrittenBefore_newVersion_showsTheChangeAtOnce() throws Exception {
        HttpResponse<String> rendered = get("/containers/web/json");
        containers.inspectVersion = "v1";
        HttpResponse<String> first = get("/containers/web/json");
        HttpResponse<String> again = get("/containers/web/json");
        assertThat(containers.renders).hasValue(1);
        assertThat(first.body()).isEqualTo(rendered.body());
        assertThat(again.body()).isEqualTo(rendered.body());
        assertThat(again.headers().map()).isEqualTo(rendered.headers().map());

        containers.restartCount = 3;
        containers.inspectVersion = "v2";
        HttpResponse<String> changed = get("/containers/web/json");
        assertThat(containers.renders).hasValue(2);
        assertThat(Json.MAPPER.readTree(changed.body()).path("RestartCount").asInt()).isEqualTo(3);
        containers.inspectVersion = null; // rendered afresh: byte for byte what was sent from the cache
        assertThat(get("/containers/web/json").body()).isEqualTo(changed.body());
        assertThat(get("/containers/nope/json").statusCode()).isEqualTo(404);
    }

    @Test
    void inspect_unknown_is404() throws Exception {
        HttpResponse<String> r = get("/containers/nope/json");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("No such container: nope");
    }

    @Test
    void lifecycle_routes_answer204() throws Exception {
        assertThat(post("/containers/web/start", null).statusCode()).isEqualTo(204);
        assertThat(post("/containers/web/stop?t=5&signal=SIGTERM", null).statusCode()).isEqualTo(204);
        assertThat(post("/containers/web/restart?t=1", null).statusCode()).isEqualTo(204);
        assertThat(post("/containers/web/kill?signal=KILL", null).statusCode()).isEqualTo(204);
        assertThat(post("/containers/web/rename?name=other", null).statusCode()).isEqualTo(204);
        assertThat(delete("/containers/web?force=1&v=1").statusCode()).isEqualTo(204);
    }

    @Test
    void stop_badTimeout_is400() throws Exception {
        assertThat(post("/containers/web/stop?t=soon", null).statusCode()).isEqualTo(400);
    }

    @Test
    void limitAndTimeout_beyondInt_areGoInts_notRefused() throws Exception {
        // the docker CLI sends any Go int (ps -n 3000000000, stop -t 3000000000); dockerd takes it
        assertThat(get("/containers/json?all=1&limit=3000000000").statusCode()).isEqualTo(200);
        assertThat(post("/containers/web/stop?t=3000000000", null).statusCode()).isEqualTo(204);
        assertThat(post("/containers/web/restart?t=-3000000000", null).statusCode()).isEqualTo(204);
        assertThat(get("/containers/json?limit=99999999999999999999").statusCode()).isEqualTo(400);
    }

    @Test
    void create_goIntFields_beyondJavaInt_areBoundWhole() throws Exception {
        // the docker CLI sends Go ints (64-bit): run --stop-timeout/--oom-score-adj/--restart on-failure:N
        // --health-retries 3000000000 reach the engine as given, for its own checks (dockerd's words)
        String body = """
                {"Image":"busybox","StopTimeout":3000000000,"Healthcheck":{"Retries":3000000000},
                 "HostConfig":{"OomScoreAdj":-3000000000,
                   "RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3000000000}},
                 "NetworkingConfig":{"EndpointsConfig":{"bridge":{"IPPrefixLen":3000000000,"GlobalIPv6PrefixLen":-3000000000}}}}""";
        assertThat(post("/v1.50/containers/create", body).statusCode()).isEqualTo(201);
        assertThat(containers.lastCreate.stopTimeout()).isEqualTo(3_000_000_000L);
        assertThat(containers.lastCreate.config().stopTimeout()).isEqualTo(3_000_000_000L);
        assertThat(containers.lastCreate.healthcheck().path("Retries").longValue()).isEqualTo(3_000_000_000L);
        assertThat(containers.lastCreate.hostConfig().oomScoreAdj()).isEqualTo(-3_000_000_000L);
        assertThat(containers.lastCreate.hostConfig().restartPolicy().maximumRetryCount()).isEqualTo(3_000_000_000L);
        // read-only endpoint fields dockerd ignores: taken, whatever Go int they hold
        assertThat(containers.lastCreate.networkingConfig().endpointsConfig().get("bridge").ipPrefixLen())
                .isEqualTo(3_000_000_000L);
    }

    @Test
    void create_uint16Fields_andNumbersBeyondGoInt_are400() throws Exception {
        // BlkioWeight and a weight device's Weight are Go uint16s: beyond int they stay refused
        assertThat(post("/v1.50/containers/create",
                "{\"Image\":\"busybox\",\"HostConfig\":{\"BlkioWeight\":3000000000}}").statusCode()).isEqualTo(400);
        assertThat(post("/v1.50/containers/create", "{\"Image\":\"busybox\",\"HostConfig\":"
                + "{\"BlkioWeightDevice\":[{\"Path\":\"/dev/sda\",\"Weight\":3000000000}]}}").statusCode()).isEqualTo(400);
        HttpResponse<String> r = post("/v1.50/containers/create",
                "{\"Image\":\"busybox\",\"StopTimeout\":99999999999999999999}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("cannot unmarshal number 99999999999999999999 into Go struct field "
                + "CreateRequest.StopTimeout of type int");
    }

    @Test
    void update_restartCount_beyondJavaInt_isBoundWhole() throws Exception {
        HttpResponse<String> r = post("/v1.50/containers/web/update",
                "{\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":3000000000}}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(containers.lastUpdate.restartPolicy().maximumRetryCount()).isEqualTo(3_000_000_000L);
        assertThat(post("/v1.50/containers/web/update", "{\"BlkioWeight\":3000000000}").statusCode()).isEqualTo(400);
    }

    @Test
    void rename_withoutName_is400() throws Exception {
        assertThat(post("/containers/web/rename", null).statusCode()).isEqualTo(400);
    }

    @Test
    void prune_reportsNullDeletedListLikeDocker() throws Exception {
        JsonNode r = Json.MAPPER.readTree(post("/containers/prune", null).body());
        assertThat(r.path("ContainersDeleted").isNull()).isTrue();
        assertThat(r.path("SpaceReclaimed").asLong()).isZero();
    }
}
