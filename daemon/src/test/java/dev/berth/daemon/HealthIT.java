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
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Health checks through the real docker CLI: probes as execs, State.Health in inspect, ps status and
 * filter, health_status events, timeouts, the image's HEALTHCHECK merged with the run's flags, and the
 * health surviving a kill -9 of berthd with probing resumed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300)
class HealthIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();

    private BerthdProcess d;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        Path tar = BerthdProcess.busyboxTar();
        d = BerthdProcess.start();
        ok(d.docker("import", tar.toString(), "busybox"));
        ok(d.docker("import", "--change", "HEALTHCHECK --interval=1s --retries=4 CMD [\"/bin/busybox\", \"test\", \"-f\", \"/tmp/ok\"]",
                tar.toString(), "checked"));
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.close();
        }
    }

    @AfterEach
    void removeContainers() {
        if (d != null && d.isAlive()) {
            d.removeAllContainers();
        }
    }

    private void runWithFileCheck(String name, String... flags) {
        var args = new ArrayList<>(List.of("run", "-d", "--name", name));
        args.addAll(List.of(flags));
        args.addAll(List.of("busybox", "sh", "-c", "touch /tmp/ok; exec sleep 1000"));
        ok(d.docker(args.toArray(String[]::new)));
    }

    @Test
    void probes_healthyThenUnhealthy_inInspectPsFilterAndEvents() throws IOException {
        Instant since = Instant.now().minusSeconds(1);
        runWithFileCheck("h1", "--health-cmd", "test -f /tmp/ok && echo fine", "--health-interval", "1s",
                "--health-retries", "2");
        assertThat(ok(d.docker("inspect", "-f", "{{.State.Health.Status}}", "h1")).out().strip())
                .isIn("starting", "healthy");
        JsonNode healthy = awaitHealth("h1", h -> h.path("Status").asText().equals("healthy"));
        assertThat(healthy.path("FailingStreak").asInt()).isZero();
        JsonNode first = healthy.path("Log").get(0);
        assertThat(first.path("ExitCode").asInt()).isZero();
        assertThat(first.path("Output").asText()).isEqualTo("fine\n");
        assertThat(Instant.parse(first.path("End").asText())).isAfterOrEqualTo(Instant.parse(first.path("Start").asText()));
        assertThat(ok(d.docker("ps", "--format", "{{.Names}} {{.Status}}")).out()).contains("h1 Up").contains("(healthy)");
        assertThat(names("health=healthy")).isEqualTo("h1");
        assertThat(names("health=unhealthy")).isEmpty();
        JsonNode config = inspect("h1").path("Config").path("Healthcheck");
        assertThat(config.path("Test").toString()).isEqualTo("[\"CMD-SHELL\",\"test -f /tmp/ok && echo fine\"]");
        assertThat(config.path("Interval").asLong()).isEqualTo(1_000_000_000L);
        assertThat(config.path("Retries").asInt()).isEqualTo(2);

        ok(d.docker("exec", "h1", "rm", "/tmp/ok"));
        JsonNode unhealthy = awaitHealth("h1", h -> h.path("Status").asText().equals("unhealthy"));
        assertThat(unhealthy.path("FailingStreak").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode log = unhealthy.path("Log");
        assertThat(log.size()).isBetween(2, 5);
        assertThat(log.get(log.size() - 1).path("ExitCode").asInt()).isEqualTo(1);
        assertThat(ok(d.docker("ps", "--format", "{{.Status}}", "--filter", "name=h1")).out()).contains("(unhealthy)");
        assertThat(names("health=unhealthy")).isEqualTo("h1");
        assertThat(names("health=healthy")).isEmpty();

        // five results at most, the oldest dropped
        awaitHealth("h1", h -> h.path("Log").size() == 5);
        BerthdProcess.sleep(2500);
        assertThat(inspect("h1").path("State").path("Health").path("Log").size()).isEqualTo(5);

        Result events = ok(d.docker("events", "--since", Long.toString(since.getEpochSecond()), "--until",
                Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=h1", "--format", "{{.Action}}"));
        assertThat(events.out()).contains("health_status: healthy\n", "health_status: unhealthy\n");
        assertThat(events.out().indexOf("health_status: healthy"))
                .isLessThan(events.out().indexOf("health_status: unhealthy"));

        // stopped: no more probes, the last health kept; started again: starting
        ok(d.docker("stop", "-t", "0", "h1"));
        assertThat(ok(d.docker("ps", "-a", "--format", "{{.Status}}", "--filter", "name=h1")).out())
                .startsWith("Exited").doesNotContain("health");
        ok(d.docker("start", "h1"));
        assertThat(inspect("h1").path("State").path("Health").path("Status").asText()).isEqualTo("starting");
    }

    @Test
    void probe_pastItsTimeout_failsWithMinusOneAndDockerdsMessage() throws IOException {
        runWithFileCheck("h2", "--health-cmd", "echo slow; sleep 37", "--health-interval", "1s", "--health-timeout",
                "500ms", "--health-retries", "1");
        JsonNode h = awaitHealth("h2", x -> x.path("Status").asText().equals("unhealthy"));
        JsonNode probe = h.path("Log").get(0);
        assertThat(probe.path("ExitCode").asInt()).isEqualTo(-1);
        assertThat(probe.path("Output").asText()).isEqualTo("Health check exceeded timeout (500ms): slow\n");
        assertThat(ok(d.docker("exec", "h2", "ps")).out()).doesNotContain("sleep 37");
    }

    @Test
    void imageHealthcheck_mergedWithRunFlags_andNoHealthcheckTurnsItOff() throws IOException {
        ok(d.docker("run", "-d", "--name", "h3", "--health-retries", "1", "checked", "sh", "-c",
                "touch /tmp/ok; exec sleep 1000"));
        JsonNode config = inspect("h3").path("Config").path("Healthcheck");
        assertThat(config.path("Test").toString()).isEqualTo("[\"CMD\",\"/bin/busybox\",\"test\",\"-f\",\"/tmp/ok\"]");
        assertThat(config.path("Interval").asLong()).isEqualTo(1_000_000_000L);
        assertThat(config.path("Retries").asInt()).isEqualTo(1);
        awaitHealth("h3", x -> x.path("Status").asText().equals("healthy"));
        assertThat(ok(d.docker("image", "inspect", "-f", "{{json .Config.Healthcheck}}", "checked")).out())
                .contains("\"Test\":[\"CMD\",\"/bin/busybox\",\"test\",\"-f\",\"/tmp/ok\"]");

        ok(d.docker("commit", "h3", "committed"));
        assertThat(ok(d.docker("image", "inspect", "-f", "{{json .Config.Healthcheck}}", "committed")).out())
                .contains("\"Interval\":1000000000", "\"Retries\":1");
        ok(d.docker("rmi", "committed"));

        ok(d.docker("run", "-d", "--name", "h4", "--no-healthcheck", "checked", "sleep", "1000"));
        assertThat(inspect("h4").path("Config").path("Healthcheck").path("Test").toString()).isEqualTo("[\"NONE\"]");
        assertThat(inspect("h4").path("State").has("Health")).isFalse();
        assertThat(names("health=none")).isEqualTo("h4");
        assertThat(ok(d.docker("ps", "--format", "{{.Status}}", "--filter", "name=h4")).out()).doesNotContain("health");
    }

    @Test
    void badValues_areDockerdsRefusals() {
        Result tooShort = d.docker("run", "-d", "--name", "h5", "--health-cmd", "true", "--health-interval", "500us",
                "busybox", "true");
        assertThat(tooShort.exitCode()).as(tooShort.toString()).isEqualTo(125);
        assertThat(tooShort.err()).contains("Interval in Healthcheck cannot be less than 1ms");
        Result start = d.docker("run", "-d", "--name", "h5", "--health-cmd", "true", "--health-start-interval", "10ns",
                "busybox", "true");
        assertThat(start.err()).contains("StartInterval in Healthcheck cannot be less than 1ms");
        assertThat(d.docker("inspect", "h5").exitCode()).isNotZero();
    }

    @Test
    void health_survivesKill9_andProbingResumes() throws IOException {
        runWithFileCheck("h6", "--health-cmd", "test -f /tmp/ok", "--health-interval", "1s", "--health-retries", "1");
        JsonNode before = awaitHealth("h6", h -> h.path("Status").asText().equals("healthy") && h.path("Log").size() >= 2);
        String firstStart = before.path("Log").get(0).path("Start").asText();
        d.kill9();
        d.restart();
        JsonNode after = inspect("h6").path("State").path("Health");
        assertThat(after.path("Status").asText()).isEqualTo("healthy");
        assertThat(after.path("Log").get(0).path("Start").asText()).isEqualTo(firstStart);
        ok(d.docker("exec", "h6", "rm", "/tmp/ok"));
        JsonNode unhealthy = awaitHealth("h6", h -> h.path("Status").asText().equals("unhealthy"));
        assertThat(unhealthy.path("Log").get(unhealthy.path("Log").size() - 1).path("ExitCode").asInt()).isEqualTo(1);
        assertThat(ok(d.docker("ps", "--format", "{{.Status}}", "--filter", "name=h6")).out()).contains("(unhealthy)");
    }

    @Test
    void pause_stopsProbing_unpauseResumesIt() throws IOException {
        runWithFileCheck("h9", "--health-cmd", "test -f /tmp/ok", "--health-interval", "1s");
        awaitHealth("h9", h -> h.path("Log").size() >= 1);
        // each probe is an exec, reported live as dockerd reports it
        long now = Instant.now().getEpochSecond();
        Result live = ok(d.docker("events", "--since", Long.toString(now), "--until", Long.toString(now + 3),
                "--filter", "container=h9", "--format", "{{.Action}}"));
        assertThat(live.out()).contains("exec_create: /bin/sh -c test -f /tmp/ok\n", "exec_die\n");
        ok(d.docker("pause", "h9"));
        String last = lastStart("h9");
        BerthdProcess.sleep(2500);
        assertThat(lastStart("h9")).isEqualTo(last);
        assertThat(ok(d.docker("ps", "--format", "{{.Status}}", "--filter", "name=h9")).out()).contains("(Paused)")
                .doesNotContain("health");
        ok(d.docker("unpause", "h9"));
        awaitHealth("h9", h -> !lastOf(h).equals(last));
    }

    private String lastStart(String name) throws IOException {
        return lastOf(inspect(name).path("State").path("Health"));
    }

    private static String lastOf(JsonNode health) {
        JsonNode log = health.path("Log");
        return log.get(log.size() - 1).path("Start").asText();
    }

    @Test
    void berth_healthFlags_sameAsDockers() throws IOException {
        ok(berth("run", "-d", "--name", "h7", "--health-cmd", "test -f /tmp/ok", "--health-interval", "1s",
                "--health-timeout", "2s", "--health-retries", "2", "--health-start-period", "1m",
                "--health-start-interval", "200ms", "busybox", "sh", "-c", "touch /tmp/ok; exec sleep 1000"));
        JsonNode config = inspect("h7").path("Config").path("Healthcheck");
        assertThat(config.path("Timeout").asLong()).isEqualTo(2_000_000_000L);
        assertThat(config.path("StartPeriod").asLong()).isEqualTo(60_000_000_000L);
        assertThat(config.path("StartInterval").asLong()).isEqualTo(200_000_000L);
        awaitHealth("h7", h -> h.path("Status").asText().equals("healthy"));
        assertThat(ok(berth("ps", "--filter", "health=healthy", "--format", "{{.Names}} {{.Status}}")).out())
                .contains("h7 Up").contains("(healthy)");
        ok(berth("run", "-d", "--name", "h8", "--no-healthcheck", "checked", "sleep", "1000"));
        assertThat(inspect("h8").path("Config").path("Healthcheck").path("Test").toString()).isEqualTo("[\"NONE\"]");
    }

    private Result berth(String... args) {
        var cmd = new ArrayList<>(List.of(BERTH.toString(), "-H", d.host()));
        cmd.addAll(List.of(args));
        return BerthdProcess.run(Duration.ofSeconds(60), cmd.toArray(String[]::new));
    }

    private String names(String filter) {
        return ok(d.docker("ps", "--filter", filter, "--format", "{{.Names}}")).out().strip();
    }

    private JsonNode inspect(String name) throws IOException {
        return JSON.readTree(ok(d.docker("inspect", name)).out()).get(0);
    }

    private JsonNode awaitHealth(String name, Predicate<JsonNode> condition) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode h = null;
        while (Instant.now().isBefore(deadline)) {
            h = inspect(name).path("State").path("Health");
            if (condition.test(h)) {
                return h;
            }
            BerthdProcess.sleep(200);
        }
        throw new AssertionError(name + ": health never reached the condition; last " + h);
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
