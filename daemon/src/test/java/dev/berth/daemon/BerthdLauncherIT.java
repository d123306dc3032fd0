package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * bin/berthd's class-data archive as a user meets it: recorded at the exit of the first daemon after a build,
 * and only a serving daemon's archive is used later. The launcher runs from a checkout of its own (this
 * build's jars linked in), so the build's own archive is left alone.
 */
@Timeout(value = 180)
class BerthdLauncherIT {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private Path home;
    private Path data;
    private Path exec;
    private final String bridge = "bbl" + ProcessHandle.current().pid() % 100_000;
    private Process daemon;

    @BeforeEach
    void checkout() throws IOException {
        BerthdProcess.requireEnvironment();
        home = Files.createTempDirectory("berthd-launcher-");
        Files.createDirectories(home.resolve("bin"));
        for (String script : new String[] {"berthd", "berthd-net-cleanup", "berthd-train"}) {
            Files.copy(REPO.resolve("bin").resolve(script), home.resolve("bin").resolve(script));
            home.resolve("bin").resolve(script).toFile().setExecutable(true);
        }
        Path target = Files.createDirectories(home.resolve("daemon/target"));
        Files.createSymbolicLink(target.resolve("berth-daemon-0.1.0-SNAPSHOT.jar"),
                REPO.resolve("daemon/target/berth-daemon-0.1.0-SNAPSHOT.jar"));
        Files.createSymbolicLink(target.resolve("lib"), REPO.resolve("daemon/target/lib"));
        data = home.resolve("data");
        exec = Path.of("/tmp/bbl-" + ProcessHandle.current().pid()); // conmon's socket paths are short
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly();
            daemon.waitFor(20, TimeUnit.SECONDS);
        }
        BerthdProcess.run(Duration.ofSeconds(60), home.resolve("bin/berthd-net-cleanup").toString(), data.toString(),
                exec.toString());
        BerthdProcess.run(Duration.ofSeconds(60), "rm", "-rf", home.toString(), exec.toString());
    }

    @Test
    void archive_ofAHelpRunIsNeverUsed_ofAServingDaemonIs() throws Exception {
        Path archive = home.resolve("daemon/target/berthd.jsa");
        Path served = home.resolve("daemon/target/berthd.jsa.served");

        Result help = BerthdProcess.run(Duration.ofSeconds(60), home.resolve("bin/berthd").toString(), "--help");
        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out()).contains("--data-root");
        assertThat(served).as("a --help run served nothing").doesNotExist();

        daemon = new ProcessBuilder(home.resolve("bin/berthd").toString(), "--data-root", data.toString(),
                "--exec-root", exec.toString(), "-H", "unix://" + home.resolve("berthd.sock"),
                "--pidfile", home.resolve("berthd.pid").toString(), "--bridge", bridge)
                .redirectErrorStream(true).redirectOutput(home.resolve("berthd.log").toFile())
                .redirectInput(new File("/dev/null")).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!served.toFile().exists() && System.nanoTime() < deadline && daemon.isAlive()) {
            Thread.sleep(100);
        }
        assertThat(served).as("the daemon marks its recording once it serves:\n" + log()).exists();
        Result ping = BerthdProcess.run(Duration.ofSeconds(10), "curl", "-s", "--unix-socket",
                home.resolve("berthd.sock").toString(), "http://berthd/_ping");
        assertThat(ping.out()).isEqualTo("OK");
        daemon.destroy(); // SIGTERM: a normal stop, at whose exit the JVM writes the archive
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // the --help run's archive was not taken as fresh: this daemon recorded its own
        assertThat(Files.size(archive)).as("a daemon's classes, not a --help's few").isGreaterThan(20L << 20);

        Result again = BerthdProcess.run(Duration.ofSeconds(60), home.resolve("bin/berthd").toString(), "--train");
        assertThat(again.out()).as(again.toString()).contains("is up to date");
    }

    private String log() throws IOException {
        return Files.readString(home.resolve("berthd.log"));
    }
}
