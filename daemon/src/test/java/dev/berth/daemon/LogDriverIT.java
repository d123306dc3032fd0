package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #10 item 5 with the real {@code docker} CLI: json-file as the default driver (Docker's JSON lines
 * at inspect's LogPath), rotation with max-size/max-file, {@code logs -f} across rotations, {@code local},
 * {@code none}, daemon.json's defaults, dockerd's words for bad options, and no output lost to a kill -9 of
 * berthd. The daemon runs with {@code log-opts} {@code max-file=2} in daemon.json: creates without a driver
 * get it, creates naming another driver do not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300)
class LogDriverIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private BerthdProcess d;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        d = BerthdProcess.start("{\"log-driver\": \"json-file\", \"log-opts\": {\"max-file\": \"2\"}}");
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
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
            assertThat(ok(d.docker("ps", "-a", "-q")).out()).as("no container left").isBlank();
        }
    }

    @Test
    void jsonFile_byDefault_writesDockersJsonLinesAtLogPath() throws IOException {
        Result run = ok(d.docker("run", "--name", "jf", "busybox", "sh", "-c", "echo hi; echo oops >&2; printf 'no newline'"));
        assertThat(run.out()).contains("hi");
        assertThat(ok(d.docker("inspect", "-f", "{{json .HostConfig.LogConfig}}", "jf")).out().strip())
                .isEqualTo("{\"Type\":\"json-file\",\"Config\":{\"max-file\":\"2\"}}");
        String id = ok(d.docker("inspect", "-f", "{{.Id}}", "jf")).out().strip();
        Path logPath = Path.of(ok(d.docker("inspect", "-f", "{{.LogPath}}", "jf")).out().strip());
        assertThat(logPath).isEqualTo(d.dataRoot().resolve("containers").resolve(id).resolve(id + "-json.log"));

        List<String> lines = Files.readAllLines(logPath);
        assertThat(lines).hasSize(3);
        List<JsonNode> entries = new ArrayList<>();
        for (String line : lines) {
            entries.add(JSON.readTree(line));
        }
        String stdout = entries.stream().filter(e -> e.get("stream").asText().equals("stdout") && e.get("log").asText().equals("hi\n"))
                .findFirst().orElseThrow().toString();
        assertThat(stdout).matches("\\{\"log\":\"hi\\\\n\",\"stream\":\"stdout\",\"time\":\"20\\d\\d-\\d\\d-\\d\\dT[0-9:.]+Z\"}");
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.get("log").asText()).isEqualTo("oops\n");
            assertThat(e.get("stream").asText()).isEqualTo("stderr");
        });
        // a partial line as dockerd writes it: no newline in "log"
        assertThat(entries).anySatisfy(e -> assertThat(e.get("log").asText()).isEqualTo("no newline"));

        Result logs = ok(d.docker("logs", "jf"));
        assertThat(logs.out()).isEqualTo("hi\nno newline");
        assertThat(logs.err()).isEqualTo("oops\n");
        assertThat(ok(d.docker("logs", "-t", "jf")).out()).matches("(?s)20\\d\\d-.*Z hi\n.*");
    }

    @Test
    void info_namesTheDaemonsDefaultLogDriver_andTheDriversAContainerCanName() throws IOException {
        assertThat(ok(d.docker("info", "--format", "{{.LoggingDriver}} {{json .Plugins.Log}}")).out().strip())
                .isEqualTo("json-file [\"json-file\",\"local\"]");
        try (BerthdProcess local = BerthdProcess.start("{\"log-driver\": \"local\"}")) {
            assertThat(ok(local.docker("info", "--format", "{{.LoggingDriver}}")).out().strip()).isEqualTo("local");
            // API 1.50's info fields: the runtime's version, cpusets and the OOM killer switch honoured
            assertThat(ok(local.docker("info", "--format", "{{.RuncCommit.ID}}|{{.CPUSet}}|{{.OomKillDisable}}|"
                    + "{{.KernelMemoryTCP}}|{{.ContainerdCommit.ID}}|{{.InitBinary}}")).out().strip())
                    .matches("\\d+\\.\\d+\\.\\d+\\|true\\|true\\|false\\|\\|docker-init");
        }
    }

    @Test
    void maxSizeMaxFile_rotates_andLogsReadsAcrossTheFiles() throws IOException {
        ok(d.docker("run", "--name", "rot", "--log-opt", "max-size=1k", "--log-opt", "max-file=3", "busybox", "sh", "-c",
                "i=1; while [ $i -le 300 ]; do echo \"line $i\"; i=$((i+1)); done"));
        assertThat(ok(d.docker("inspect", "-f", "{{json .HostConfig.LogConfig.Config}}", "rot")).out().strip())
                .isEqualTo("{\"max-file\":\"3\",\"max-size\":\"1k\"}");
        String id = ok(d.docker("inspect", "-f", "{{.Id}}", "rot")).out().strip();
        Path dir = d.dataRoot().resolve("containers").resolve(id);
        List<String> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(id + "-json.log")).sorted().toList();
        }
        assertThat(names).containsExactly(id + "-json.log", id + "-json.log.1", id + "-json.log.2");
        assertThat(Files.size(dir.resolve(id + "-json.log.1"))).isBetween(1000L, 1200L);

        List<Integer> fromFiles = new ArrayList<>();
        for (String name : List.of(id + "-json.log.2", id + "-json.log.1", id + "-json.log")) {
            for (String line : Files.readAllLines(dir.resolve(name))) {
                fromFiles.add(Integer.parseInt(JSON.readTree(line).get("log").asText().strip().substring(5)));
            }
        }
        assertConsecutiveEndingAt(fromFiles, 300);
        assertThat(fromFiles.size()).isLessThan(300);

        List<Integer> fromLogs = numbers(ok(d.docker("logs", "rot")).out(), "line ");
        assertThat(fromLogs).isEqualTo(fromFiles);
        assertThat(ok(d.docker("logs", "--tail", "3", "rot")).out()).isEqualTo("line 298\nline 299\nline 300\n");
    }

    @Test
    void logsFollow_acrossRotations_losesAndRepeatsNothing() throws Exception {
        ok(d.docker("run", "-d", "--name", "fol", "--log-opt", "max-size=2k", "--log-opt", "max-file=2", "busybox", "sh", "-c",
                "sleep 1; i=1; while [ $i -le 3000 ]; do echo \"seq $i\"; i=$((i+1)); [ $((i % 100)) = 0 ] && sleep 0.05; done"));
        Result follow = ok(d.docker("logs", "-f", "fol"));
        List<Integer> seen = numbers(follow.out(), "seq ");
        // the follower started before the first line: it sees every one, through ~70 rotations
        assertConsecutiveEndingAt(seen, 3000);
        assertThat(seen).hasSize(3000);
        String id = ok(d.docker("inspect", "-f", "{{.Id}}", "fol")).out().strip();
        try (Stream<Path> s = Files.list(d.dataRoot().resolve("containers").resolve(id))) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith(id + "-json.log"))).hasSize(2);
        }
    }

    @Test
    void captureFile_shippedBytesAreReclaimed_diskUseStaysBounded() throws Exception {
        // ~4.6 MB of output; the driver keeps at most 2 × 1 MB, the capture only what is not shipped yet
        ok(d.docker("run", "--name", "big", "--log-opt", "max-size=1m", "busybox", "sh", "-c",
                "yes 0123456789012345678901234567890123456789 | head -n 110000"));
        String id = ok(d.docker("inspect", "-f", "{{.Id}}", "big")).out().strip();
        Path capture = d.dataRoot().resolve("containers").resolve(id).resolve("container.log");
        Result stat = BerthdProcess.run(Duration.ofSeconds(10), "stat", "-c", "%s %b", capture.toString());
        String[] sizeAndBlocks = stat.out().strip().split(" ");
        long size = Long.parseLong(sizeAndBlocks[0]);
        long allocated = Long.parseLong(sizeAndBlocks[1]) * 512;
        assertThat(size).isGreaterThan(8_000_000L);
        assertThat(allocated).as("bytes the capture still uses").isLessThan(2L * 1024 * 1024);
        assertThat(ok(d.docker("logs", "--tail", "1", "big")).out()).isEqualTo("0123456789012345678901234567890123456789\n");
    }

    @Test
    void local_keepsItsOwnFiles_noLogPath_logsWork() throws IOException {
        ok(d.docker("run", "--name", "loc", "--log-driver", "local", "busybox", "echo", "local hi"));
        assertThat(ok(d.docker("inspect", "-f", "{{json .HostConfig.LogConfig}}|{{.LogPath}}", "loc")).out().strip())
                .isEqualTo("{\"Type\":\"local\",\"Config\":{}}|");
        assertThat(ok(d.docker("logs", "loc")).out()).isEqualTo("local hi\n");
        String id = ok(d.docker("inspect", "-f", "{{.Id}}", "loc")).out().strip();
        assertThat(d.dataRoot().resolve("containers").resolve(id).resolve("local-logs").resolve("container.log")).exists();
        assertThat(d.dataRoot().resolve("containers").resolve(id).resolve(id + "-json.log")).doesNotExist();
    }

    @Test
    void none_attachStillWorks_logsSaysItCannotRead() throws IOException {
        Result run = ok(d.docker("run", "--name", "non", "--log-driver", "none", "busybox", "echo", "still attached"));
        assertThat(run.out()).isEqualTo("still attached\n");
        assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.LogConfig.Type}}|{{.LogPath}}", "non")).out().strip())
                .isEqualTo("none|");
        Result logs = d.docker("logs", "non");
        assertThat(logs.exitCode()).isEqualTo(1);
        assertThat(logs.err().strip()).isEqualTo("Error response from daemon: configured logging driver does not support reading");
    }

    @Test
    void badOptions_refusedWithDockerdsWords_nothingCreated() {
        String[][] cases = {
            {"logger: no log driver named 'nope' is registered", "--log-driver", "nope"},
            {"log driver syslog is not supported by Berth yet", "--log-driver", "syslog"},
            {"invalid size: 'lots'", "--log-opt", "max-size=lots"},
            {"max-file cannot be less than 1", "--log-opt", "max-file=0"},
            {"unknown log opt 'colour' for json-file log driver", "--log-opt", "colour=red"},
            {"compress cannot be true when max-file is less than 2 or max-size is not set", "--log-opt", "compress=true"},
        };
        for (String[] c : cases) {
            Result r = d.docker("run", "-d", "--name", "bad", c[1], c[2], "busybox", "true");
            assertThat(r.exitCode()).as(String.join(" ", c)).isEqualTo(125);
            assertThat(r.err()).as(String.join(" ", c)).contains(c[0]);
        }
        assertThat(ok(d.docker("ps", "-a", "-q")).out()).isBlank();
    }

    @Test
    void kill9OfBerthd_whileTheContainerPrints_logsCompleteAfterRestart() throws Exception {
        ok(d.docker("run", "-d", "--name", "crash", "--log-opt", "max-size=4k", "--log-opt", "max-file=20", "busybox", "sh", "-c",
                "i=1; while [ $i -le 400 ]; do echo \"n $i\"; i=$((i+1)); sleep 0.01; done"));
        Thread.sleep(1500);
        d.kill9();
        Thread.sleep(3000); // the container prints on while no berthd runs
        d.restart();
        ok(d.docker("wait", "crash"));
        List<Integer> logs = numbers(ok(d.docker("logs", "crash")).out(), "n ");
        assertThat(logs).hasSize(400);
        assertConsecutiveEndingAt(logs, 400);
        Path logPath = Path.of(ok(d.docker("inspect", "-f", "{{.LogPath}}", "crash")).out().strip());
        List<Path> files = new ArrayList<>();
        for (int i = 19; i >= 1; i--) {
            Path rotated = Path.of(logPath + "." + i);
            if (Files.exists(rotated)) {
                files.add(rotated);
            }
        }
        assertThat(files).as("rotated files").hasSizeGreaterThan(3);
        files.add(logPath);
        List<Integer> inFiles = new ArrayList<>();
        for (Path p : files) {
            for (String line : Files.readAllLines(p)) {
                inFiles.add(Integer.parseInt(JSON.readTree(line).get("log").asText().strip().substring(2)));
            }
        }
        assertThat(inFiles).hasSize(400);
        assertConsecutiveEndingAt(inFiles, 400);
    }

    private static List<Integer> numbers(String out, String prefix) {
        List<Integer> n = new ArrayList<>();
        for (String line : out.lines().toList()) {
            assertThat(line).startsWith(prefix);
            n.add(Integer.parseInt(line.substring(prefix.length()).strip()));
        }
        return n;
    }

    private static void assertConsecutiveEndingAt(List<Integer> n, int last) {
        assertThat(n).isNotEmpty();
        assertThat(n.get(n.size() - 1)).isEqualTo(last);
        for (int i = 1; i < n.size(); i++) {
            assertThat(n.get(i)).as("entry %d after %d", i, n.get(i - 1)).isEqualTo(n.get(i - 1) + 1);
        }
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("exit code of a command that should succeed; stderr: %s", r.err()).isZero();
        return r;
    }
}
