package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Issue #11's container options with the real {@code docker} CLI, each shown from inside the container. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240)
class ContainerOptionsIT {
    private BerthdProcess d;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        d = BerthdProcess.start();
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
    void init_pid1IsDockerInit_exitCodeAndSigtermGoThroughIt() {
        assertThat(pid1(ok(d.docker("run", "--rm", "--init", "busybox", "ps", "-o", "pid,comm")))).isEqualTo("docker-init");
        assertThat(pid1(ok(d.docker("run", "--rm", "busybox", "ps", "-o", "pid,comm")))).isEqualTo("ps");

        Result exit = d.docker("run", "--name", "initexit", "--init", "busybox", "sh", "-c", "exit 3");
        assertThat(exit.exitCode()).as(exit.toString()).isEqualTo(3);
        assertThat(ok(d.docker("inspect", "-f", "{{.State.ExitCode}} {{json .HostConfig.Init}}", "initexit")).out().strip())
                .isEqualTo("3 true");

        // sleep as pid 1 would ignore SIGTERM (no handler) and wait out the timeout; under the init it dies of it
        ok(d.docker("run", "-d", "--name", "initterm", "--init", "busybox", "sleep", "300"));
        long t0 = System.nanoTime();
        ok(d.docker("stop", "-t", "30", "initterm"));
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to stop").isLessThan(10_000);
        assertThat(ok(d.docker("inspect", "-f", "{{.State.ExitCode}}", "initterm")).out().strip()).isEqualTo("143");

        ok(d.docker("create", "--name", "noinit", "busybox", "true"));
        assertThat(ok(d.docker("inspect", "-f", "{{json .HostConfig.Init}}", "noinit")).out().strip()).isEqualTo("null");
    }

    @Test
    void init_daemonJsonDefault_appliesUnlessTheContainerSaysNo() throws IOException {
        try (BerthdProcess own = BerthdProcess.start("{\"init\": true}")) {
            ok(own.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
            assertThat(pid1(ok(own.docker("run", "--rm", "busybox", "ps", "-o", "pid,comm")))).isEqualTo("docker-init");
            assertThat(pid1(ok(own.docker("run", "--rm", "--init=false", "busybox", "ps", "-o", "pid,comm"))))
                    .isEqualTo("ps");
            own.removeAllContainers();
        }
    }

    /** The command of pid 1 in {@code ps -o pid,comm} output. */
    private static String pid1(Result ps) {
        List<String> rows = ps.out().lines().map(String::strip).filter(l -> l.matches("1\\s+\\S+")).toList();
        assertThat(rows).as(ps.out()).hasSize(1);
        return rows.get(0).split("\\s+")[1];
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
