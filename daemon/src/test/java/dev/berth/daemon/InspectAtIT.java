package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15 item 3: objects as of any time. A container is created, renamed, started, stopped and removed
 * (its name then reused), a network, a volume and an image tag come and go; {@code berth inspect --at},
 * {@code berth ps -a --at}, the raw API's {@code at=} and {@code berth history --events} answer what
 * was true at each instant — also after berthd restarts.
 */
@Timeout(value = 300)
class InspectAtIT {
    private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void inspectPsAndHistory_answerAsOfEachInstant_alsoForRemovedObjects_acrossARestart() throws IOException {
        try (BerthdProcess d = BerthdProcess.start()) {
            ok(d.docker("import", "--change", "CMD [\"sh\"]", BerthdProcess.busyboxTar().toString(), "at-img"));
            ok(d.docker("volume", "create", "at-vol"));
            ok(d.docker("network", "create", "at-net"));
            String id1 = ok(d.docker("create", "--name", "at-web", "--network", "at-net", "-v", "at-vol:/data",
                    "at-img", "sleep", "300")).out().strip();
            Instant created = now();
            JsonNode liveCreated = inspect(d, "at-web");
            ok(d.docker("rename", "at-web", "at-api"));
            Instant renamed = now();
            ok(d.docker("start", "at-api"));
            Instant running = now();
            JsonNode liveRunning = inspect(d, "at-api");
            long pid = liveRunning.path("State").path("Pid").asLong();
            String ip = liveRunning.path("NetworkSettings").path("Networks").path("at-net").path("IPAddress").asText();
            ok(d.docker("tag", "at-img", "at-img:v2"));
            Instant tagged = now();
            ok(d.docker("stop", "-t", "1", "at-api"));
            // the endpoint is left in the background after the exit: wait for it, so "then" is settled
            for (int i = 0; i < 100 && !inspect(d, "at-api").path("NetworkSettings").path("Networks").path("at-net")
                    .path("IPAddress").asText().isEmpty(); i++) {
                BerthdProcess.sleep(50);
            }
            Instant stopped = now();
            JsonNode liveStopped = inspect(d, "at-api");
            ok(d.docker("rm", "at-api"));
            ok(d.docker("rmi", "at-img:v2"));
            Instant removed = now();
            String id2 = ok(d.docker("create", "--name", "at-web", "at-img", "true")).out().strip();
            Instant reused = now();
            ok(d.docker("network", "rm", "at-net"));
            ok(d.docker("volume", "rm", "at-vol"));
            Instant gone = now();

            // inspect --at answers what inspect answered then (the sandbox key is read from the host now)
            assertThat(withoutSandbox(inspectAt(d, created, "at-web"))).isEqualTo(withoutSandbox(liveCreated));
            assertThat(withoutSandbox(inspectAt(d, running, "at-api"))).isEqualTo(withoutSandbox(liveRunning));
            assertThat(withoutSandbox(inspectAt(d, stopped, id1))).isEqualTo(withoutSandbox(liveStopped));
            // a container by name, as of each instant: its name, its phase, its pid and address then
            JsonNode atCreate = inspectAt(d, created, "at-web");
            assertThat(atCreate.path("Id").asText()).isEqualTo(id1);
            assertThat(atCreate.path("Name").asText()).isEqualTo("/at-web");
            assertThat(atCreate.path("State").path("Status").asText()).isEqualTo("created");
            assertThat(atCreate.path("HostConfig").path("Binds").get(0).asText()).isEqualTo("at-vol:/data");
            assertThat(inspectAt(d, renamed, "at-api").path("Name").asText()).isEqualTo("/at-api");
            assertThat(failsAt(d, renamed, "at-web")).contains("No such object: at-web");
            assertThat(failsAt(d, renamed, "at-web", "--type", "container")).contains("No such container: at-web at " + renamed);
            JsonNode atRun = inspectAt(d, running, "at-api");
            assertThat(atRun.path("State").path("Status").asText()).isEqualTo("running");
            assertThat(atRun.path("State").path("Pid").asLong()).isEqualTo(pid).isPositive();
            assertThat(atRun.path("NetworkSettings").path("Networks").path("at-net").path("IPAddress").asText())
                    .isEqualTo(ip).isNotEmpty();
            JsonNode atStop = inspectAt(d, stopped, "at-api");
            assertThat(atStop.path("State").path("Status").asText()).isEqualTo("exited");
            assertThat(atStop.path("State").path("Pid").asLong()).isZero();
            assertThat(atStop.path("State").path("ExitCode").asInt()).isEqualTo(liveStopped.path("State").path("ExitCode").asInt());
            // the removed container by id and by id prefix; not at or after its removal
            assertThat(inspectAt(d, running, id1).path("State").path("Running").asBoolean()).isTrue();
            assertThat(inspectAt(d, stopped, id1.substring(0, 12)).path("Id").asText()).isEqualTo(id1);
            assertThat(failsAt(d, removed, id1, "--type", "container")).contains("No such container: " + id1);
            // a reused name finds the old container at the old time, the new one now
            assertThat(inspectAt(d, reused, "at-web").path("Id").asText()).isEqualTo(id2);
            assertThat(inspectAt(d, created, "at-web").path("Id").asText()).isEqualTo(id1);
            // the same through the raw API, with RFC 3339 and with unix seconds
            JsonNode raw = JSON.readTree(ok(curl(d, "/containers/" + id1 + "/json?at=" + running)).out());
            assertThat(raw.path("State").path("Status").asText()).isEqualTo("running");
            raw = JSON.readTree(ok(curl(d, "/containers/at-api/json?at=" + unix(stopped))).out());
            assertThat(raw.path("Id").asText()).isEqualTo(id1);

            // ps -a --at: the containers that existed then, with their state then
            assertThat(ours(berth(d, "ps", "-a", "--at", running.toString(), "--format", "{{.Names}} {{.State}}")))
                    .containsExactly("at-api running");
            assertThat(ours(berth(d, "ps", "--at", stopped.toString(), "--format", "{{.Names}}"))).isEmpty();
            assertThat(ours(berth(d, "ps", "-a", "--at", reused.toString(), "--format", "{{.ID}} {{.Names}} {{.State}}")))
                    .containsExactly(id2.substring(0, 12) + " at-web created");
            JsonNode list = JSON.readTree(ok(curl(d, "/containers/json?all=1&at=" + unix(running))).out());
            assertThat(list.findValuesAsText("Id")).contains(id1).doesNotContain(id2);

            // networks, volumes and image tags as of then
            JsonNode net = inspectAt(d, running, "at-net", "--type", "network");
            assertThat(net.path("Containers").has(id1)).isTrue();
            assertThat(inspectAt(d, stopped, "at-net", "--type", "network").path("Containers").size()).isZero();
            assertThat(failsAt(d, gone, "at-net", "--type", "network")).contains("network at-net not found");
            assertThat(inspectAt(d, created, "at-vol", "--type", "volume").path("Name").asText()).isEqualTo("at-vol");
            assertThat(failsAt(d, gone, "at-vol", "--type", "volume")).contains("no such volume");
            String imageId = inspectAt(d, tagged, "at-img:v2", "--type", "image").path("Id").asText();
            assertThat(imageId).startsWith("sha256:");
            assertThat(inspectAt(d, tagged, "at-img", "--type", "image").path("RepoTags").toString()).contains("at-img:v2");
            assertThat(failsAt(d, removed, "at-img:v2", "--type", "image")).contains("No such image");

            // history: the removed container's events by its old name and by id, who asked, offsets
            List<JsonNode> events = lines(berth(d, "history", "--events", "--format", "json", "at-api"));
            assertThat(events.stream().map(e -> e.path("Action").asText()).toList())
                    .containsSubsequence("create", "rename", "start", "kill", "die", "stop", "destroy");
            assertThat(events).allSatisfy(e -> assertThat(e.path("Actor").path("ID").asText()).isEqualTo(id1));
            assertThat(events.stream().map(e -> e.path("berth").path("offset").asLong()).toList()).isSorted();
            JsonNode create = events.get(0);
            assertThat(create.path("Actor").path("Attributes").path("berth.uid").asText()).isEqualTo("0");
            assertThat(create.path("Actor").path("Attributes").path("berth.comm").asText()).isEqualTo("docker");
            String table = ok(berth(d, "history", "--events", id1)).out();
            assertThat(table.lines().findFirst().orElse("")).contains("TIME", "ACTION", "WHO", "OFFSET");
            assertThat(table).contains("rename").contains("uid=0 comm=docker");
            assertThat(lines(berth(d, "history", "--events", "--format", "json", "--type", "volume", "at-vol")).stream()
                    .map(e -> e.path("Action").asText()).toList()).containsSubsequence("create", "mount", "unmount", "destroy");
            assertThat(lines(berth(d, "history", "--events", "--format", "json", "--type", "image", "at-img")).stream()
                    .map(e -> e.path("Action").asText()).toList()).containsSubsequence("import", "tag", "tag", "untag");
            // without --events, history is still docker's image layers
            assertThat(ok(berth(d, "history", "at-img")).out()).startsWith("IMAGE").contains("CREATED BY");

            // bad input: clear errors naming what is wrong
            assertThat(failsAt(d, Instant.now().plusSeconds(3600), "at-web")).contains("is in the future");
            assertThat(failsAt(d, Instant.parse("2001-01-01T00:00:00Z"), "at-web")).contains("no history before");
            Result malformed = curl(d, "/containers/at-web/json?at=yesterday");
            assertThat(malformed.out()).contains("invalid value for at: yesterday");
            assertThat(failsAt(d, running, "at-nope", "--type", "container")).contains("No such container: at-nope");
            Result unknown = berth(d, "history", "--events", "at-nope");
            assertThat(unknown.exitCode()).isNotZero();
            assertThat(unknown.err()).contains("No such object: at-nope");

            // after a restart the journal answers the same
            d.restart();
            assertThat(withoutSandbox(inspectAt(d, running, id1))).isEqualTo(withoutSandbox(liveRunning));
            assertThat(inspectAt(d, created, "at-web").path("Id").asText()).isEqualTo(id1);
            assertThat(ours(berth(d, "ps", "-a", "--at", stopped.toString(), "--format", "{{.Names}} {{.State}}")))
                    .containsExactly("at-api exited");
            assertThat(lines(berth(d, "history", "--events", "--format", "json", id1.substring(0, 12)))).hasSize(events.size());

            ok(d.docker("rm", "at-web"));
            ok(d.docker("rmi", "at-img"));
        }
    }

    private static JsonNode withoutSandbox(JsonNode inspect) {
        JsonNode copy = inspect.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy.path("NetworkSettings")).remove("SandboxKey");
        return copy;
    }

    private static Instant now() {
        Instant t = Instant.now();
        BerthdProcess.sleep(20);
        return t;
    }

    private static String unix(Instant t) {
        return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
    }

    private static JsonNode inspect(BerthdProcess d, String ref) throws IOException {
        return JSON.readTree(ok(d.docker("inspect", ref)).out()).get(0);
    }

    private static JsonNode inspectAt(BerthdProcess d, Instant at, String ref, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("inspect", "--at", at.toString()));
        args.addAll(List.of(more));
        args.add(ref);
        JsonNode all = JSON.readTree(ok(berth(d, args.toArray(String[]::new))).out());
        assertThat(all.size()).isEqualTo(1);
        return all.get(0);
    }

    private static String failsAt(BerthdProcess d, Instant at, String ref, String... more) {
        List<String> args = new ArrayList<>(List.of("inspect", "--at", at.toString()));
        args.addAll(List.of(more));
        args.add(ref);
        Result r = berth(d, args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isNotZero();
        return r.err();
    }

    private static Result curl(BerthdProcess d, String path) {
        return BerthdProcess.run(Duration.ofSeconds(30), "curl", "-s", "--unix-socket", d.socket().toString(),
                "http://localhost/v1.50" + path);
    }

    private static Result berth(BerthdProcess d, String... args) {
        List<String> cmd = new ArrayList<>(List.of(BERTH.toString(), "-H", d.host()));
        cmd.addAll(List.of(args));
        return BerthdProcess.run(Duration.ofSeconds(60), cmd.toArray(String[]::new));
    }

    private static List<String> ours(Result r) {
        return ok(r).out().lines().filter(l -> l.contains("at-")).toList();
    }

    private static List<JsonNode> lines(Result r) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : ok(r).out().lines().filter(l -> !l.isBlank()).toList()) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
