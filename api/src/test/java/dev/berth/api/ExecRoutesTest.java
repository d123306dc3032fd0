package dev.berth.api;

import static dev.berth.api.ContainerStreamRoutesTest.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.model.ExecCreateRequest;
import dev.berth.api.model.ExecStartRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ExecRoutesTest extends ServerFixture {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void create_dockerCliBody_is201WithTheId_andFieldsReachTheBackend() throws Exception {
        HttpResponse<String> r = post("/v1.50/containers/web/exec", """
                {"User":"nobody","Privileged":true,"Tty":false,"ConsoleSize":[30,100],"AttachStdin":true,
                 "AttachStderr":true,"AttachStdout":true,"Detach":false,"DetachKeys":"","Env":["A=1"],
                 "WorkingDir":"/tmp","Cmd":["sh","-c","exit 3"]}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(Json.MAPPER.readTree(r.body()).path("Id").asText()).isEqualTo("exec1");
        ExecCreateRequest got = containers.lastExecCreate;
        assertThat(got.cmd()).containsExactly("sh", "-c", "exit 3");
        assertThat(got.user()).isEqualTo("nobody");
        assertThat(got.privileged()).isTrue();
        assertThat(got.env()).containsExactly("A=1");
        assertThat(got.workingDir()).isEqualTo("/tmp");
        assertThat(got.consoleSize()).containsExactly(30, 100);
        assertThat(got.attachStdin()).isTrue();
    }

    @Test
    void create_refusals_haveDockersStatus() throws Exception {
        HttpResponse<String> keys = post("/containers/web/exec", "{\"Cmd\":[\"ls\"],\"DetachKeys\":\"ctrl-xx\"}");
        assertThat(keys.statusCode()).isEqualTo(400);
        assertThat(keys.body()).contains("Invalid escape keys (ctrl-xx) provided");
        assertThat(post("/containers/web/exec", "{\"Cmd\":[\"ls\"],\"DetachKeys\":\"ctrl-x\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> noCmd = post("/containers/web/exec", "{\"Cmd\":[]}");
        assertThat(noCmd.statusCode()).isEqualTo(400);
        assertThat(noCmd.body()).contains("No exec command specified");
        assertThat(post("/containers/nope/exec", "{\"Cmd\":[\"ls\"]}").statusCode()).isEqualTo(404);
        assertThat(post("/containers/CONFLICT/exec", "{\"Cmd\":[\"ls\"]}").statusCode()).isEqualTo(409);
    }

    @Test
    @Timeout(30)
    void start_withoutTty_is101_thenMultiplexedFrames_andHalfCloseEndsStdin() throws Exception {
        try (RawHttp c = RawHttp.tcp(port)) {
            byte[] body = ascii("{\"Detach\":false,\"Tty\":false}");
            RawHttp.Head head = c.send("POST", "/v1.50/exec/exec1/start",
                    "Content-Type: application/json\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n", body).readHead();
            assertThat(head.status()).isEqualTo(101);
            assertThat(head.header("Content-Type")).isEqualTo("application/vnd.docker.multiplexed-stream");
            c.out.write(ascii("in\n"));
            c.shutdownOutput();
            assertThat(c.readToEnd()).isEqualTo(concat(
                    new byte[] {1, 0, 0, 0, 0, 0, 0, 4}, ascii("out\n"),
                    new byte[] {2, 0, 0, 0, 0, 0, 0, 4}, ascii("err\n"),
                    new byte[] {1, 0, 0, 0, 0, 0, 0, 3}, ascii("in\n")));
        }
    }

    @Test
    @Timeout(30)
    void start_withTty_isRaw() throws Exception {
        try (RawHttp c = RawHttp.unix(socket)) {
            RawHttp.Head head = c.send("POST", "/exec/tty1/start",
                    "Content-Type: application/json\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n",
                    ascii("{\"Tty\":true,\"ConsoleSize\":[40,120]}")).readHead();
            assertThat(head.status()).isEqualTo(101);
            assertThat(head.header("Content-Type")).isEqualTo("application/vnd.docker.raw-stream");
            c.shutdownOutput();
            assertThat(new String(c.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("out\nerr\n");
        }
        assertThat(containers.lastExecStart.height()).isEqualTo(40);
        assertThat(containers.lastExecStart.width()).isEqualTo(120);
    }

    @Test
    @Timeout(30)
    void start_failingAfterTheUpgrade_writesTheErrorIntoTheStream() throws Exception {
        try (RawHttp c = RawHttp.tcp(port)) {
            RawHttp.Head head = c.send("POST", "/exec/broken/start",
                    "Content-Type: application/json\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n", ascii("{}")).readHead();
            assertThat(head.status()).isEqualTo(101);
            byte[] text = ascii("OCI runtime exec failed: exec: \"nope\": executable file not found in $PATH\r\n");
            assertThat(c.readToEnd()).isEqualTo(concat(new byte[] {1, 0, 0, 0, 0, 0, 0, (byte) text.length}, text));
        }
    }

    @Test
    void start_unknownExec_isAPlain404_andDetach_isAPlain200() throws Exception {
        HttpResponse<String> unknown = post("/exec/nope/start", "{\"Detach\":false}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("No such exec instance: nope");
        HttpResponse<String> detached = post("/exec/exec1/start", "{\"Detach\":true}");
        assertThat(detached.statusCode()).isEqualTo(200);
        assertThat(containers.lastExecStart.detach()).isTrue();
    }

    @Test
    void resize_andInspect() throws Exception {
        assertThat(post("/exec/tty1/resize?h=40&w=120", null).statusCode()).isEqualTo(200);
        assertThat(containers.lastExecResize).isEqualTo("40x120");
        assertThat(post("/exec/tty1/resize?h=x&w=120", null).statusCode()).isEqualTo(400);
        assertThat(post("/exec/nope/resize?h=1&w=1", null).statusCode()).isEqualTo(404);
        HttpResponse<String> json = get("/exec/exec1/json");
        JsonNode n = Json.MAPPER.readTree(json.body());
        assertThat(n.path("ExitCode").asInt()).isEqualTo(3);
        assertThat(n.path("ProcessConfig").path("entrypoint").asText()).isEqualTo("sh");
        assertThat(n.path("ProcessConfig").path("arguments").get(1).asText()).isEqualTo("exit 3");
        assertThat(n.path("ContainerID").asText()).isEqualTo(FakeContainers.WEB_ID);
        HttpResponse<String> missing = get("/exec/nope/json");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("No such exec instance: nope");
    }

    @Test
    void fieldTables_coverTheSpec_andBindEveryHonouredField() throws Exception {
        List<String> problems = new ArrayList<>();
        problems.addAll(FieldTableChecks.specFieldsWithoutStatus(ExecFields.CREATE, "/spec/exec-create-fields.txt"));
        problems.addAll(FieldTableChecks.specFieldsWithoutStatus(ExecFields.START, "/spec/exec-start-fields.txt"));
        problems.addAll(FieldTableChecks.rulesNotInSpec(ExecFields.CREATE, "/spec/exec-create-fields.txt"));
        problems.addAll(FieldTableChecks.rulesNotInSpec(ExecFields.START, "/spec/exec-start-fields.txt"));
        assertThat(problems).isEmpty();
        assertThat(FieldTableChecks.modelFieldsWithoutStatus(ExecFields.CREATE, ExecCreateRequest.class)).isEmpty();
        assertThat(FieldTableChecks.honouredButUnbound(ExecFields.CREATE, ExecCreateRequest.class)).isEmpty();
        assertThat(FieldTableChecks.modelFieldsWithoutStatus(ExecFields.START, ExecStartRequest.class)).isEmpty();
        assertThat(FieldTableChecks.honouredButUnbound(ExecFields.START, ExecStartRequest.class)).isEmpty();
        // the docker CLI 28.2's exec body (with its client-side Detach field, which dockerd ignores too)
        JsonNode cli = Json.MAPPER.readTree("{\"User\":\"\",\"Privileged\":false,\"Tty\":true,\"ConsoleSize\":[30,100],"
                + "\"AttachStdin\":true,\"AttachStderr\":true,\"AttachStdout\":true,\"Detach\":false,\"DetachKeys\":\"\","
                + "\"Env\":null,\"WorkingDir\":\"\",\"Cmd\":[\"sh\"]}");
        assertThatCode(() -> ExecFields.CREATE.check(cli)).doesNotThrowAnyException();
    }
}
