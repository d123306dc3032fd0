package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #16 item 3 with the real {@code docker} CLI: crun beside runc (daemon.json {@code runtimes}),
 * the same workflow under both, containers of both side by side across a kill -9 of berthd.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300)
class RuntimesIT {
    private static final List<String> RUNTIMES = List.of("runc", "crun");
    private BerthdProcess d;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        assertThat(BerthdProcess.onPath("crun")).as("crun (scripts/install-deps installs it)").isPresent();
        // "broken" cannot run here: reported, left out, and berthd serves the others
        d = BerthdProcess.start(config(""));
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
    }

    private static String config(String more) {
        return "{\"runtimes\": {\"crun\": {\"path\": \"/usr/bin/crun\", \"runtimeArgs\": []}, "
                + "\"broken\": {\"path\": \"/no/such/runtime\"}}" + more + "}";
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
    void info_listsBothRuntimes_runcTheDefault() {
        Result info = ok(d.docker("info", "--format", "{{json .Runtimes}}|{{.DefaultRuntime}}"));
        assertThat(info.out().strip()).isEqualTo("{\"crun\":{\"path\":\"/usr/bin/crun\"},\"runc\":{\"path\":\"runc\"}}|runc");
        // the CLI prints them in Go's map order
        assertThat(ok(d.docker("info")).out()).containsPattern("Runtimes: (crun runc|runc crun)\n")
                .contains("Default Runtime: runc");
    }

    @Test
    void configuredRuntime_thatCannotRun_isAWarning_andUnknownToRun() {
        assertThat(ok(d.docker("info", "--format", "{{json .Warnings}}")).out())
                .contains("WARNING: runtime driver \\\"broken\\\" is not available: runtime broken: /no/such/runtime is not an executable file");
        Result r = d.docker("run", "--rm", "--runtime", "broken", "busybox", "true");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.err()).contains("unknown or invalid runtime name: broken");
    }

    @Test
    void run_unknownRuntime_isDockerdsError_andNothingIsMade() {
        Result r = d.docker("run", "--name", "nosuch", "--runtime", "runsc", "busybox", "true");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.err()).contains("unknown or invalid runtime name: runsc");
        assertThat(ok(d.docker("ps", "-a", "-q")).out()).isBlank();
    }

    @Test
    void runRm_underCrun_printsAndLeavesNothing() {
        assertThat(ok(d.docker("run", "--rm", "--runtime", "crun", "busybox", "echo", "hi")).out()).isEqualTo("hi\n");
        assertThat(ok(d.docker("ps", "-a", "-q")).out()).isBlank();
    }

    @Test
    void workflow_underBothRuntimes_sideBySide_survivesKill9AndRestart() throws IOException {
        for (String rt : RUNTIMES) {
            String name = "w-" + rt;
            ok(d.docker("run", "-d", "--name", name, "--runtime", rt, "busybox", "sh", "-c",
                    "echo hello-" + rt + "; sleep 600"));
            assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.Runtime}}", name)).out().strip()).isEqualTo(rt);
            assertRunsUnder(name, rt);
            assertThat(ok(d.docker("exec", name, "echo", "in-" + rt)).out()).isEqualTo("in-" + rt + "\n");
            assertThat(ok(d.docker("logs", name)).out()).contains("hello-" + rt);

            ok(d.docker("pause", name));
            assertThat(ok(d.docker("inspect", "-f", "{{.State.Status}}", name)).out().strip()).isEqualTo("paused");
            assertThat(cgroupFile(name, "freezer", "freezer.state")).isEqualTo("FROZEN");
            ok(d.docker("unpause", name));
            assertThat(cgroupFile(name, "freezer", "freezer.state")).isEqualTo("THAWED");

            ok(d.docker("update", "-m", "64m", "--memory-swap", "128m", name));
            assertThat(cgroupFile(name, "memory", "memory.limit_in_bytes")).isEqualTo(Long.toString(64L << 20));
            // a limit set and lifted again (crun's update refuses runc's -1: the driver lifts it in the cgroup)
            ok(d.docker("update", "--pids-limit", "50", name));
            assertThat(cgroupFile(name, "pids", "pids.max")).isEqualTo("50");
            ok(d.docker("update", "--pids-limit", "-1", name));
            assertThat(cgroupFile(name, "pids", "pids.max")).isEqualTo("max");

            ok(d.docker("stop", "-t", "1", name));
            assertThat(ok(d.docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", name)).out().strip())
                    .isEqualTo("exited 137");
            ok(d.docker("start", name));
            assertRunsUnder(name, rt);
            assertThat(ok(d.docker("exec", name, "echo", "again")).out()).isEqualTo("again\n");
        }

        // both run side by side; a kill -9 of berthd leaves them running under their own runtimes
        d.kill9();
        d.restart();
        assertThat(ok(d.docker("ps", "--format", "{{.Names}}")).out().lines().sorted().toList())
                .containsExactly("w-crun", "w-runc");
        for (String rt : RUNTIMES) {
            String name = "w-" + rt;
            assertRunsUnder(name, rt);
            assertThat(ok(d.docker("exec", name, "echo", "after-" + rt)).out()).isEqualTo("after-" + rt + "\n");
            assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.Runtime}}", name)).out().strip()).isEqualTo(rt);
            ok(d.docker("stop", "-t", "1", name));
            assertThat(ok(d.docker("inspect", "-f", "{{.State.Status}}", name)).out().strip()).isEqualTo("exited");
            ok(d.docker("rm", name));
        }
    }

    @Test
    void defaultRuntime_isJournaledAtCreate_andKeptWhenTheDefaultChanges() throws IOException {
        try {
            d.restartWith(config(", \"default-runtime\": \"crun\""));
            assertThat(ok(d.docker("info", "--format", "{{.DefaultRuntime}}")).out().strip()).isEqualTo("crun");
            ok(d.docker("run", "-d", "--name", "dflt", "busybox", "sleep", "600"));
            assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.Runtime}}", "dflt")).out().strip()).isEqualTo("crun");
            assertRunsUnder("dflt", "crun");

            // back to runc as the default: the container stays crun's, for exec, stop and start
            d.restartWith(config(""));
            assertRunsUnder("dflt", "crun");
            assertThat(ok(d.docker("exec", "dflt", "echo", "still")).out()).isEqualTo("still\n");
            ok(d.docker("stop", "-t", "1", "dflt"));
            ok(d.docker("start", "dflt"));
            assertRunsUnder("dflt", "crun");
        } finally {
            d.restartWith(config(""));
        }
    }

    /** The container's state is under its runtime's own --root, and not under the other's. */
    private void assertRunsUnder(String name, String runtime) throws IOException {
        String id = ok(d.docker("inspect", "-f", "{{.Id}}", name)).out().strip();
        Path runcState = d.execRoot().resolve("runc").resolve(id);
        Path crunState = d.execRoot().resolve("runtimes").resolve("crun").resolve("runc").resolve(id);
        assertThat(Files.isDirectory(runtime.equals("crun") ? crunState : runcState)).as("%s state of %s", runtime, name)
                .isTrue();
        assertThat(Files.exists(runtime.equals("crun") ? runcState : crunState)).isFalse();
        // and that runtime says it runs
        Path root = runtime.equals("crun") ? crunState.getParent() : runcState.getParent();
        Result state = BerthdProcess.run(java.time.Duration.ofSeconds(20), runtime, "--root", root.toString(), "state", id);
        assertThat(state.exitCode()).as(state.err()).isZero();
        assertThat(state.out()).contains("\"status\": \"running\"");
    }

    /** A v1 controller's file of the container's cgroup, as the host sees it. */
    private String cgroupFile(String name, String controller, String file) throws IOException {
        String pid = ok(d.docker("inspect", "-f", "{{.State.Pid}}", name)).out().strip();
        for (String line : Files.readAllLines(Path.of("/proc", pid, "cgroup"))) {
            String[] parts = line.split(":", 3);
            if (List.of(parts[1].split(",")).contains(controller)) {
                return Files.readString(Path.of("/sys/fs/cgroup", controller).resolve(parts[2].substring(1)).resolve(file))
                        .strip();
            }
        }
        throw new AssertionError("no " + controller + " cgroup for " + name);
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("exit code of a command that should succeed; stderr: %s", r.err()).isZero();
        return r;
    }
}
