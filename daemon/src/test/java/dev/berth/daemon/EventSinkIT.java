package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.daemon.BerthdProcess.Result;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Event sinks in a real berthd: the shipped file sink and the third-party sample sink (its own jar in the
 * plugin directory) get every journaled event, in journal order, as {@code berth events} shows them; a
 * sink whose provider throws is listed and berthd serves; a hanging sink leaves {@code docker run} at its
 * speed, shows its lag and error in info, and then catches up without a gap; a kill -9 mid-stream repeats
 * at most the unacknowledged batch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 300)
class EventSinkIT {
    private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private BerthdProcess d;
    private Path work;
    private Path fileLog;
    private Path sampleLog;
    private Path hang;
    private int metricsPort;
    private Socket syslog;
    private Thread syslogReader;
    private volatile boolean reading = true;
    private final List<String> datagrams = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        work = Files.createTempDirectory("berth-it-sinks-");
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        SamplePluginJar.writeSinkTo(plugins.resolve("sink-sample.jar"));
        fileLog = work.resolve("audit").resolve("events.log");
        sampleLog = work.resolve("sample.jsonl");
        hang = work.resolve("hang");
        bindSyslog(work.resolve("log"));
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            metricsPort = free.getLocalPort();
        }
        d = BerthdProcess.start("{\"plugin-dir\": \"" + plugins + "\", \"metrics-addr\": \"127.0.0.1:" + metricsPort
                + "\", \"event-sinks\": ["
                + "{\"type\": \"file\", \"path\": \"" + fileLog + "\", \"max-size\": \"10m\", \"max-files\": 3},"
                + "{\"type\": \"syslog\", \"address\": \"unixgram://" + work.resolve("log") + "\", \"tag\": \"berth-it\"},"
                + "{\"type\": \"sample\", \"path\": \"" + sampleLog + "\", \"hang-while\": \"" + hang
                + "\", \"timeout\": 2}]}");
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.removeAllContainers();
            d.close();
        }
        reading = false;
        try {
            if (syslogReader != null) {
                syslogReader.join(2000);
            }
            if (syslog != null) {
                syslog.close();
            }
        } catch (Exception e) {
            // the temporary directory goes below either way
        }
        if (work != null) {
            BerthdProcess.run(Duration.ofSeconds(30), "rm", "-rf", work.toString());
        }
    }

    @Test
    @Order(1)
    void pluginLs_sinksEnabledThrowingProviderFailedWithReason() {
        List<String> rows = ok(berth("plugin", "ls", "--format", "{{.Name}}|{{.Type}}|{{.Source}}|{{.Status}}"))
                .out().lines().toList();
        assertThat(rows).contains("file|event-sink|built-in|enabled", "syslog|event-sink|built-in|enabled",
                "sample|event-sink|sink-sample.jar|enabled",
                "dev.berth.testplugin.sink.ExplodingSinkProvider|event-sink|sink-sample.jar|failed: "
                        + "sample sink: license server unreachable");
        assertThat(ok(d.docker("info")).err()).contains("WARNING: event sink "
                + "\"dev.berth.testplugin.sink.ExplodingSinkProvider\" is not available: sample sink: license server "
                + "unreachable (sink-sample.jar)");
    }

    @Test
    @Order(2)
    void dockerRun_everyEventInJournalOrder_inBothSinks() throws Exception {
        ok(d.docker("run", "--rm", "--name", "sink-run", "busybox", "true"));
        List<String> journal = journalCursors();
        assertThat(journal).isNotEmpty();
        awaitTrue(() -> cursors(fileLog).size() >= journal.size() && cursors(sampleLog).size() >= journal.size(),
                Duration.ofSeconds(30), "both sinks to have " + journal.size() + " events");
        assertThat(cursors(fileLog)).isEqualTo(journal);
        assertThat(cursors(sampleLog)).isEqualTo(journal);
        List<String> run = lines(fileLog).stream().filter(e -> e.path("Actor").path("Attributes").path("name")
                .asText().equals("sink-run")).map(e -> e.path("Action").asText()).toList();
        assertThat(run).containsSubsequence("create", "start", "die", "destroy");
        JsonNode info = info();
        assertThat(info.path("BerthEventSinks").findValuesAsText("Name")).containsExactly("file", "syslog", "sample");
        // syslog: one RFC 5424 datagram per event, to the socket this test bound
        awaitTrue(() -> syslogCursors().size() >= journal.size(), Duration.ofSeconds(30), "syslog datagrams");
        assertThat(syslogCursors()).isEqualTo(journal);
        assertThat(datagrams.get(0)).matches("<30>1 \\S+ \\S+ berth-it \\d+ event - \uFEFF\\{.*");
        awaitTrue(() -> info().path("BerthEventSinks").findValues("Lag").stream().allMatch(l -> l.asLong() == 0),
                Duration.ofSeconds(10), "no lag");
    }

    @Test
    @Order(3)
    void hangingSink_runAtNormalSpeed_lagAndErrorShown_thenCatchesUpWithoutGap() throws Exception {
        Files.createFile(hang);
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                ok(d.docker("run", "--rm", "busybox", "true"));
            }
            long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            assertThat(ms).as("3 runs while a sink hangs").isLessThan(15_000);
            // the file sink is not held up by the other one
            List<String> journal = journalCursors();
            awaitTrue(() -> cursors(fileLog).size() >= journal.size(), Duration.ofSeconds(20), "file sink current");
            assertThat(cursors(fileLog)).isEqualTo(journal);
            awaitTrue(() -> !sink("sample").path("LastError").asText().isEmpty(), Duration.ofSeconds(20),
                    "the hanging sink's error in info");
            JsonNode sample = sink("sample");
            assertThat(sample.path("LastError").asText()).isEqualTo("no answer within 2 s");
            assertThat(sample.path("Lag").asLong()).isPositive();
            assertThat(ok(BerthdProcess.run(Duration.ofSeconds(30), "curl", "-sf",
                    "http://127.0.0.1:" + metricsPort + "/metrics")).out())
                    .containsPattern("berth_event_sink_lag\\{sink=\"sample\"\\} [1-9]")
                    .contains("berth_event_sink_lag{sink=\"file\"} 0");
            assertThat(ok(berth("info")).out()).contains("sample (sample): at ").contains("failing: no answer within 2 s");
            assertThat(ok(d.docker("info")).err()).contains("WARNING: event sink \"sample\" is failing (");
        } finally {
            Files.deleteIfExists(hang);
        }
        List<String> journal = journalCursors();
        awaitTrue(() -> cursors(sampleLog).size() >= journal.size(), Duration.ofSeconds(90), "sample sink caught up");
        assertThat(cursors(sampleLog)).isEqualTo(journal);
        awaitTrue(() -> sink("sample").path("LastError").asText().isEmpty(), Duration.ofSeconds(10), "error cleared");
    }

    @Test
    @Order(4)
    void kill9MidStream_restart_everyEventOnceBeyondTheLastBatch() throws Exception {
        Files.createFile(hang); // the sample sink is behind when berthd is killed
        for (int i = 0; i < 4; i++) {
            ok(d.docker("create", "--name", "sink-k" + i, "busybox", "true"));
        }
        String storedBefore = Files.readString(d.dataRoot().resolve("event-sinks/sample.cursor")).trim();
        d.kill9();
        Files.delete(hang);
        d.restart();
        ok(d.docker("rm", "sink-k0"));
        List<String> journal = journalCursors();
        awaitTrue(() -> new LinkedHashSet<>(cursors(fileLog)).size() >= journal.size(), Duration.ofSeconds(60),
                "file sink caught up after the restart");
        List<String> got = cursors(fileLog);
        assertThat(List.copyOf(new LinkedHashSet<>(got))).isEqualTo(journal);
        // repeats only where the killed run left off: one step back, then in order again
        int stepsBack = 0;
        for (int i = 1; i < got.size(); i++) {
            if (compare(got.get(i), got.get(i - 1)) <= 0) {
                stepsBack++;
            }
        }
        assertThat(stepsBack).as("places the file goes back in the journal: %s", got).isLessThanOrEqualTo(1);
        awaitTrue(() -> cursors(sampleLog).size() >= journal.size(), Duration.ofSeconds(60), "sample caught up");
        assertThat(cursors(sampleLog)).isEqualTo(journal); // the sample drops repeats by cursor
        assertThat(journal).contains(storedBefore); // it resumed from the position stored before the kill
        for (int i = 1; i < 4; i++) {
            d.docker("rm", "-f", "sink-k" + i);
        }
    }

    /** A unix datagram socket as {@code /dev/log} is (the JDK has none: Netty's native one), read on a thread. */
    private void bindSyslog(Path path) throws IOException {
        Epoll.ensureAvailability();
        syslog = Socket.newSocketDomainDgram();
        syslog.bind(new DomainSocketAddress(path.toString()));
        syslogReader = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(65536);
            while (reading) {
                try {
                    buf.clear();
                    var from = syslog.recvFromDomainSocket(buf, 0, buf.capacity());
                    if (from == null || from.receivedAmount() <= 0) {
                        LockSupport.parkNanos(1_000_000);
                        continue;
                    }
                    byte[] bytes = new byte[from.receivedAmount()];
                    buf.get(0, bytes);
                    datagrams.add(new String(bytes, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return;
                }
            }
        }, "syslog-it");
        syslogReader.setDaemon(true);
        syslogReader.start();
    }

    private List<String> syslogCursors() {
        List<String> out = new ArrayList<>();
        for (String dgram : datagrams) {
            try {
                out.add(JSON.readTree(dgram.substring(dgram.indexOf('\uFEFF') + 1)).path("berth").path("cursor").asText());
            } catch (IOException e) {
                throw new IllegalStateException(dgram, e);
            }
        }
        return out;
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return c != 0 ? c : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
    }

    /** Every event's cursor, as {@code berth events} replays the whole journal now. */
    private List<String> journalCursors() throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : ok(berth("events", "--since", "0", "--until", "0s", "--format", "{{json .}}")).out().lines()
                .filter(l -> !l.isBlank()).toList()) {
            out.add(JSON.readTree(l).path("berth").path("cursor").asText());
        }
        return out;
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String l : Files.readAllLines(file)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    private static List<String> cursors(Path file) {
        try {
            return lines(file).stream().map(e -> e.path("berth").path("cursor").asText()).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode info() {
        try {
            // the API itself: the docker CLI drops the keys it does not know, BerthEventSinks among them
            return JSON.readTree(ok(BerthdProcess.run(Duration.ofSeconds(30), "curl", "-sf", "--unix-socket",
                    d.socket().toString(), "http://localhost/info")).out());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode sink(String name) {
        for (JsonNode s : info().path("BerthEventSinks")) {
            if (s.path("Name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no sink " + name + " in info");
    }

    private void awaitTrue(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\n" + d.logTail());
            }
            Thread.sleep(200);
        }
    }

    private Result berth(String... args) {
        List<String> cmd = new ArrayList<>(List.of(BERTH.toString(), "-H", d.host()));
        cmd.addAll(List.of(args));
        return BerthdProcess.run(Duration.ofSeconds(60), cmd.toArray(String[]::new));
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
