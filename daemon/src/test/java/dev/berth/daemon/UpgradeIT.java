package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #8: a data root written by the previous release loads unchanged. The previous release is
 * built from this repository's history ({@link BaselineBuild}); its daemon makes a container in each
 * phase of life and is stopped cleanly, which writes its read-model snapshot (the containers keep
 * running under conmon). Started again, it journals a tail after that snapshot (one more container, a
 * restart of one from the snapshot) and is killed with -9. This build's daemon then takes over the
 * same roots: it must load the old daemon's snapshot and replay only the old journal's tail, and every
 * container must read back exactly as the old daemon showed it and keep working. While the persisted
 * shapes are unchanged this is a live-restore test across builds; once they change, it is what proves
 * the migration of a real snapshot and journal, not of a fixture.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class UpgradeIT {
    /** main just before issue #8's work: the release whose data root this build must load. */
    static final String BASELINE = "f1dde3606445ea7c9e45d3cd80b303a78f296221";
    private static final String NETWORK = "upnet";
    private static final String SUBNET = "10.219.61.0/24";
    private static final String PAGE = "served-from-a-read-only-bind\n";
    /** Made before the old daemon's clean stop, so its snapshot holds them. */
    private static final List<String> IN_SNAPSHOT = List.of("web", "db", "quit", "fresh", "steady");
    /** Made by the old daemon after its snapshot: known to the new daemon only from the journal's tail. */
    private static final String LATE = "late";
    private static final List<String> NAMES = List.of("web", "db", "quit", "fresh", "steady", LATE);
    /** Inspect fields that must read back equal: what issue #8 retypes, and what a user reads most. */
    private static final List<String> FIELDS = List.of("/Id", "/Name", "/Created", "/Image", "/State",
            "/Config/Image", "/Config/Env", "/Config/Labels", "/Config/Cmd",
            "/HostConfig/NetworkMode", "/HostConfig/PortBindings", "/HostConfig/RestartPolicy",
            "/HostConfig/Binds", "/HostConfig/Tmpfs");
    private static final Map<String, List<String>> MORE_FIELDS = Map.of(
            "web", List.of("/NetworkSettings/Ports"),
            LATE, List.of("/NetworkSettings/Ports"),
            "db", List.of("/NetworkSettings/Networks/" + NETWORK + "/IPAddress",
                    "/NetworkSettings/Networks/" + NETWORK + "/Aliases"));
    private static final Pattern REBUILT =
            Pattern.compile("read models rebuilt from the snapshot and (\\d+) journal events");
    /** What ReadModelSnapshots logs when it cannot read a snapshot and falls back to a full replay. */
    private static final String SNAPSHOT_IGNORED = "ignoring the read-model snapshot";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void previousReleasesDataRoot_withRunningContainers_loadsUnchangedAndKeepsWorking() throws Exception {
        requireEnvironment();
        long t0 = System.nanoTime();
        Path baseline = BaselineBuild.of(BASELINE);
        Path repo = BaselineBuild.repoRoot();
        long built = System.nanoTime();
        Instant beforeBaseline = Instant.now().minusSeconds(1);
        BerthdProcess d = BerthdProcess.startFrom(baseline);
        Path www = Files.createTempDirectory("berth-upgrade-www-");
        boolean cleanedUp = false;
        try {
            Files.writeString(www.resolve("index.html"), PAGE);
            int port = freePort();
            int latePort = freePort();
            // ---- the previous release makes one container in each phase of life
            ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
            ok(d.docker("network", "create", "--subnet", SUBNET, NETWORK));
            ok(d.docker("run", "-d", "--name", "web", "-p", "127.0.0.1:" + port + ":80", "--restart", "on-failure:3",
                    "-e", "GREETING=from-the-baseline", "--label", "tier=web", "--label", "com.example.release=old",
                    "--tmpfs", "/scratch:rw,size=1m", "-v", www + ":/data:ro", "busybox", "sh", "-c",
                    "echo web-up $GREETING; grep ' /scratch ' /proc/mounts; exec busybox httpd -f -p 80 -h /data"));
            ok(d.docker("run", "-d", "--name", "db", "--network", NETWORK, "--network-alias", "database",
                    "busybox", "sleep", "3600"));
            Result quit = d.docker("run", "--name", "quit", "busybox", "sh", "-c", "echo bye; exit 3");
            assertThat(quit.exitCode()).as("quit: %s", quit).isEqualTo(3);
            ok(d.docker("create", "--name", "fresh", "busybox", "echo", "never-ran"));
            ok(d.docker("run", "-d", "--name", "steady", "--restart", "always", "busybox", "sleep", "3600"));
            assertThat(curl(port)).isEqualTo(PAGE);
            await(() -> countIn(logs(d, "web"), "tmpfs /scratch tmpfs") == 1, "web logs its tmpfs mount");

            assertThat(states(d)).isEqualTo(Map.of("web", "running", "db", "running", "quit", "exited",
                    "fresh", "created", "steady", "running"));
            Map<String, JsonNode> atCleanStop = inspectAll(d, IN_SNAPSHOT);
            long webPid = atCleanStop.get("web").at("/State/Pid").asLong();

            // ---- a clean stop of the old daemon writes its read-model snapshot; the containers keep running
            Path snapshot = d.dataRoot().resolve("journal").resolve("read-models.snapshot");
            byte[] snapshotBefore = Files.exists(snapshot) ? Files.readAllBytes(snapshot) : new byte[0];
            Instant savedBefore = Files.exists(snapshot)
                    ? Files.getLastModifiedTime(snapshot).toInstant() : Instant.EPOCH;
            d.stop();
            assertThat(d.isAlive()).isFalse();
            assertThat(snapshot).as("the old daemon's clean stop writes its snapshot").isRegularFile();
            assertThat(Files.getLastModifiedTime(snapshot).toInstant()).isAfter(savedBefore);
            byte[] oldSnapshot = Files.readAllBytes(snapshot);
            assertThat(oldSnapshot).isNotEqualTo(snapshotBefore);
            long snapshotOrdering = assertSnapshotHolds(oldSnapshot, atCleanStop);
            assertThat(ProcessHandle.of(webPid).map(ProcessHandle::isAlive)).as("web outlives a clean stop")
                    .contains(true);

            // ---- the old daemon again, from its own snapshot; it journals a tail after it, then dies
            long oldRestart = System.nanoTime();
            d.restart();
            assertThat(rebuiltFrom(d)).as("the old daemon's snapshot reaches its journal's end").isZero();
            ok(d.docker("run", "-d", "--name", LATE, "-p", "127.0.0.1:" + latePort + ":80", "--restart",
                    "unless-stopped", "-e", "GREETING=from-the-tail", "--label", "tier=late", "--tmpfs", "/scratch",
                    "-v", www + ":/data:ro", "busybox", "busybox", "httpd", "-f", "-p", "80", "-h", "/data"));
            // A stop and a start of a container the snapshot holds: old events to fold onto an old state.
            String steadyBefore = inspect(d, "steady").at("/State/StartedAt").asText();
            ok(d.docker("stop", "-t", "0", "steady"));
            ok(d.docker("start", "steady"));
            assertThat(inspect(d, "steady").at("/State/StartedAt").asText()).isNotEqualTo(steadyBefore);
            assertThat(curl(latePort)).isEqualTo(PAGE);

            Map<String, JsonNode> recorded = inspectAll(d, NAMES);
            assertRecordedAsAsked(recorded.get("web"), www, port);
            assertThat(recorded.get(LATE).at("/HostConfig/RestartPolicy/Name").asText()).isEqualTo("unless-stopped");
            assertThat(recorded.get(LATE).at("/HostConfig/Tmpfs/~1scratch").isMissingNode()).isFalse();
            assertThat(recorded.get("web").at("/State/Pid").asLong()).as("web re-adopted, not restarted")
                    .isEqualTo(webPid);
            Set<String> psRecorded = ps(d);
            assertThat(states(d)).isEqualTo(Map.of("web", "running", "db", "running", "quit", "exited",
                    "fresh", "created", "steady", "running", LATE, "running"));

            // ---- the old daemon dies; its containers do not; this build takes the same roots over
            d.kill9();
            assertThat(d.isAlive()).isFalse();
            assertThat(ProcessHandle.of(webPid).map(ProcessHandle::isAlive)).as("web outlives the daemon")
                    .contains(true);
            assertThat(Files.readAllBytes(snapshot)).as("the snapshot left is the one of the old clean stop")
                    .isEqualTo(oldSnapshot);
            long handover = System.nanoTime();
            d.restartWithThisBuild();
            assertThat(lastStart(d)).as("this build reads the old daemon's snapshot").doesNotContain(SNAPSHOT_IGNORED);
            int tail = rebuiltFrom(d);
            // The log line reads the same with or without a snapshot: the count tells them apart. A full
            // replay would fold every event up to the snapshot's ordering as well.
            assertThat(tail).as("this build replays only the old journal's tail after the snapshot (at %d)",
                    snapshotOrdering).isPositive().isLessThan((int) snapshotOrdering);
            assertThat(lastStart(d)).contains(": " + NAMES.size() + " containers,");

            assertThat(ps(d)).isEqualTo(psRecorded);
            assertSame(recorded, inspectAll(d, NAMES));
            assertThat(curl(port)).as("the published port answers after the hand-over").isEqualTo(PAGE);
            assertThat(curl(latePort)).as("so does the one of the tail's container").isEqualTo(PAGE);
            assertThat(logs(d, "web")).contains("web-up from-the-baseline", "tmpfs /scratch tmpfs");
            assertThat(logs(d, "quit")).isEqualTo("bye\n");
            assertThat(events(d, beforeBaseline)).contains("network create " + NETWORK,
                    "container create web", "container start web", "container create db", "container start db",
                    "container create quit", "container start quit", "container die quit", "container create fresh",
                    "container create steady", "container start steady", "container create " + LATE,
                    "container start " + LATE, "container die steady");
            assertAliasResolves(d, recorded.get("db"));

            // ---- and everything in it still works under this build
            ok(d.docker("stop", "-t", "1", "web"));
            assertThat(curlFails(port)).as("no answer while web is stopped").isTrue();
            ok(d.docker("start", "web"));
            assertThat(curl(port)).as("the port answers through this build's rules").isEqualTo(PAGE);
            await(() -> countIn(logs(d, "web"), "web-up from-the-baseline") == 2
                    && countIn(logs(d, "web"), "tmpfs /scratch tmpfs") == 2, "web's second run logs env and tmpfs");
            assertThat(inspect(d, "web").at("/State/Pid").asLong()).isNotEqualTo(webPid);

            String steadyStarted = inspect(d, "steady").at("/State/StartedAt").asText();
            // its process dies on its own (a docker kill is a stop by hand, which dockerd's "always" respects)
            long steadyPid = inspect(d, "steady").at("/State/Pid").asLong();
            assertThat(steadyPid).isPositive();
            assertThat(BerthdProcess.run(Duration.ofSeconds(10), "kill", "-9", Long.toString(steadyPid)).exitCode()).isZero();
            await(() -> {
                JsonNode state = inspect(d, "steady").at("/State");
                return state.at("/Running").asBoolean() && !state.at("/StartedAt").asText().equals(steadyStarted);
            }, "restart policy always brings steady back after its process died");

            ok(d.docker("start", "quit"));
            assertThat(ok(d.docker("wait", "quit")).out().strip()).isEqualTo("3");
            assertThat(logs(d, "quit")).isEqualTo("bye\nbye\n");
            ok(d.docker("rm", "quit"));
            assertThat(d.docker("inspect", "quit").err()).contains("No such");

            // ---- a clean stop writes the read-model snapshot; the next start loads it
            List<String> left = List.of("web", "db", "fresh", "steady", LATE);
            Map<String, JsonNode> beforeStop = inspectAll(d, left);
            Set<String> psBeforeStop = ps(d);
            Instant savedAtStart = Files.exists(snapshot)
                    ? Files.getLastModifiedTime(snapshot).toInstant() : Instant.EPOCH;
            long snapshotStart = System.nanoTime();
            d.stop();
            assertThat(d.isAlive()).isFalse();
            assertThat(Files.getLastModifiedTime(snapshot).toInstant()).as("snapshot written at the stop")
                    .isAfter(savedAtStart);
            d.restartWithThisBuild();
            assertThat(rebuiltFrom(d)).as("the second start replays nothing after the snapshot").isZero();
            assertThat(ps(d)).isEqualTo(psBeforeStop);
            assertThat(states(d)).isEqualTo(Map.of("web", "running", "db", "running", "fresh", "created",
                    "steady", "running", LATE, "running"));
            assertSame(beforeStop, inspectAll(d, left));
            assertThat(curl(port)).isEqualTo(PAGE);
            assertThat(curl(latePort)).isEqualTo(PAGE);
            assertAliasResolves(d, beforeStop.get("db"));
            long cleanup = System.nanoTime();

            // ---- remove what the test made, through the API, then the daemon's host networking
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(left);
            ok(d.docker(rm.toArray(String[]::new)));
            assertThat(lines(ok(d.docker("ps", "-a", "-q")))).isEmpty();
            ok(d.docker("network", "rm", NETWORK));
            d.stop();
            ok(netCleanup(repo, d));
            assertThat(BerthdProcess.run(Duration.ofSeconds(10), "ip", "link", "show", d.bridgeName()).exitCode())
                    .as("the default bridge is gone").isNotZero();
            cleanedUp = true;
            long end = System.nanoTime();
            System.out.printf("UpgradeIT: this build loaded the old snapshot (ordering %d) and replayed %d events; "
                    + "baseline build %d s, baseline daemon %d s (of which its restart and tail %d s), hand-over and "
                    + "checks %d s, snapshot restart %d s, cleanup %d s, total %d s%n", snapshotOrdering, tail,
                    secs(t0, built), secs(built, handover), secs(oldRestart, handover), secs(handover, snapshotStart),
                    secs(snapshotStart, cleanup), secs(cleanup, end), secs(t0, end));
        } finally {
            if (!cleanedUp) {
                try {
                    System.err.println("UpgradeIT: the daemons' log:\n" + d.log());
                } catch (IOException e) {
                    System.err.println("UpgradeIT: no daemon log: " + e);
                }
                if (d.isAlive()) {
                    List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                    rm.addAll(NAMES);
                    d.docker(rm.toArray(String[]::new));
                    d.docker("network", "rm", NETWORK);
                }
                d.stop();
                Result r = netCleanup(repo, d);
                if (r.exitCode() != 0) {
                    System.err.println("UpgradeIT: berthd-net-cleanup failed: " + r);
                }
            }
            d.close();
            Files.deleteIfExists(www.resolve("index.html"));
            Files.deleteIfExists(www);
        }
    }

    // ------------------------------------------------------------------ checks

    /** The old daemon kept what was asked, so equality afterwards is not equality of two blanks. */
    private static void assertRecordedAsAsked(JsonNode web, Path www, int port) {
        assertThat(web.at("/HostConfig/PortBindings/80~1tcp/0/HostIp").asText()).isEqualTo("127.0.0.1");
        assertThat(web.at("/HostConfig/PortBindings/80~1tcp/0/HostPort").asText()).isEqualTo(Integer.toString(port));
        assertThat(web.at("/HostConfig/RestartPolicy/Name").asText()).isEqualTo("on-failure");
        assertThat(web.at("/HostConfig/RestartPolicy/MaximumRetryCount").asInt()).isEqualTo(3);
        assertThat(web.at("/HostConfig/Binds/0").asText()).isEqualTo(www + ":/data:ro");
        assertThat(web.at("/HostConfig/Tmpfs/~1scratch").asText()).isEqualTo("rw,size=1m");
        assertThat(web.at("/Config/Env").toString()).contains("GREETING=from-the-baseline");
        assertThat(web.at("/Config/Labels/tier").asText()).isEqualTo("web");
        assertThat(web.at("/Config/Cmd/0").asText()).isEqualTo("sh");
        assertThat(web.at("/State/Running").asBoolean()).isTrue();
    }

    /**
     * The old daemon's snapshot (a header line, then the journal's JSON) holds every container it had, in
     * the shape that release persisted them: the states this build has to migrate. Returns its ordering.
     */
    private static long assertSnapshotHolds(byte[] snapshot, Map<String, JsonNode> containers) throws IOException {
        String text = new String(snapshot, StandardCharsets.UTF_8);
        JsonNode body = JSON.readTree(text.substring(text.indexOf('\n') + 1));
        JsonNode ordering = body.at("/ordering");
        assertThat(ordering.isIntegralNumber()).as("the snapshot's ordering: %s", ordering).isTrue();
        String states = body.at("/containers").toString();
        for (Map.Entry<String, JsonNode> c : containers.entrySet()) {
            assertThat(states).as("the snapshot holds %s", c.getKey()).contains(c.getValue().at("/Id").asText());
        }
        assertThat(states).contains("GREETING=from-the-baseline", "on-failure", "rw,size=1m");
        return ordering.asLong();
    }

    /** Absent, null, [] or {}. */
    private static boolean nothing(JsonNode node) {
        return node.isMissingNode() || node.isNull() || (node.isContainerNode() && node.isEmpty());
    }

    private static void assertSame(Map<String, JsonNode> expected, Map<String, JsonNode> actual) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String name : expected.keySet()) {
            List<String> fields = new ArrayList<>(FIELDS);
            fields.addAll(MORE_FIELDS.getOrDefault(name, List.of()));
            for (String field : fields) {
                JsonNode was = expected.get(name).at(field);
                JsonNode now = actual.get(name).at(field);
                if (nothing(was) && nothing(now)) {
                    // how a release shows "none" may change ([] or {} then, null or left out as dockerd's
                    // omitempty now)
                    continue;
                }
                assertThat(was.isMissingNode()).as("%s has %s", name, field).isFalse();
                assertThat(now).as("%s %s", name, field).isEqualTo(was);
            }
        }
    }

    private static void assertAliasResolves(BerthdProcess d, JsonNode db) {
        String ip = db.at("/NetworkSettings/Networks/" + NETWORK + "/IPAddress").asText();
        assertThat(ip).startsWith("10.219.61.");
        Result ping = ok(d.docker("run", "--rm", "--network", NETWORK, "busybox", "busybox", "ping", "-c1", "-W2",
                "database"));
        assertThat(ping.out()).contains("(" + ip + ")").contains("1 packets received");
    }

    /** The journal events the last start replayed after its snapshot, from its log. */
    private static int rebuiltFrom(BerthdProcess d) throws IOException {
        Matcher m = REBUILT.matcher(lastStart(d));
        if (!m.find()) {
            fail("no read-model rebuild line in the log of the last start:\n" + d.logTail());
        }
        return Integer.parseInt(m.group(1));
    }

    // ------------------------------------------------------------------ docker, curl

    private static String lastStart(BerthdProcess d) throws IOException {
        String log = d.log();
        return log.substring(log.lastIndexOf("=== berthd from"));
    }

    private static Map<String, JsonNode> inspectAll(BerthdProcess d, List<String> names) {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        names.forEach(n -> all.put(n, inspect(d, n)));
        return all;
    }

    private static JsonNode inspect(BerthdProcess d, String name) {
        try {
            return JSON.readTree(ok(d.docker("inspect", "--type", "container", name)).out()).get(0);
        } catch (IOException e) {
            throw new AssertionError("inspect " + name + " is not JSON", e);
        }
    }

    /** Every column of {@code ps -a} that does not tick with the clock. */
    private static Set<String> ps(BerthdProcess d) {
        return new TreeSet<>(lines(ok(d.docker("ps", "-a", "--no-trunc", "--format",
                "{{.ID}}|{{.Names}}|{{.Image}}|{{.Command}}|{{.State}}|{{.Ports}}|{{.Networks}}"))));
    }

    private static Map<String, String> states(BerthdProcess d) {
        Map<String, String> states = new LinkedHashMap<>();
        for (String line : lines(ok(d.docker("ps", "-a", "--format", "{{.Names}} {{.State}}")))) {
            String[] f = line.split(" ");
            states.put(f[0], f[1]);
        }
        return states;
    }

    private static String logs(BerthdProcess d, String name) {
        return ok(d.docker("logs", name)).out();
    }

    private static List<String> events(BerthdProcess d, Instant since) {
        Instant now = Instant.now();
        return lines(ok(d.docker(Duration.ofSeconds(30), null, "events",
                "--since", Long.toString(since.getEpochSecond()),
                "--until", now.getEpochSecond() + "." + String.format("%09d", now.getNano()),
                "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}")));
    }

    private static Result netCleanup(Path repo, BerthdProcess d) {
        return BerthdProcess.run(Duration.ofSeconds(60), repo.resolve("bin").resolve("berthd-net-cleanup").toString(),
                d.dataRoot().toString(), d.execRoot().toString());
    }

    private static String curl(int port) {
        Result last = null;
        for (int i = 0; i < 50; i++) {
            last = BerthdProcess.run(Duration.ofSeconds(10), "curl", "-sS", "--max-time", "3",
                    "http://127.0.0.1:" + port + "/");
            if (last.exitCode() == 0) {
                return last.out();
            }
            BerthdProcess.sleep(200);
        }
        throw new AssertionError("127.0.0.1:" + port + " never answered: " + last);
    }

    private static boolean curlFails(int port) {
        return BerthdProcess.run(Duration.ofSeconds(10), "curl", "-sS", "--max-time", "2",
                "http://127.0.0.1:" + port + "/").exitCode() != 0;
    }

    // ------------------------------------------------------------------ helpers

    /** An integration test that cannot run here fails: a skipped upgrade test proves nothing. */
    private static void requireEnvironment() throws IOException {
        String status = Files.readString(Path.of("/proc/self/status"));
        assertThat(status).as("UpgradeIT needs root").containsPattern("(?m)^Uid:\\s+\\d+\\s+0\\s");
        for (String tool : List.of("docker", "runc", "conmon", "curl", "git", "iptables", "ip")) {
            assertThat(BerthdProcess.onPath(tool)).as(tool + " on the PATH").isPresent();
        }
        assertThat(Path.of("/bin/busybox")).as("busybox-static").isRegularFile();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("expected success: %s", r).isZero();
        return r;
    }

    private static List<String> lines(Result r) {
        return r.out().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static int countIn(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            BerthdProcess.sleep(200);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    private static long secs(long from, long to) {
        return TimeUnit.NANOSECONDS.toSeconds(to - from);
    }
}
