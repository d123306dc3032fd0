package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #11 items 2 and 3 and OOM kills, as a user sees them with the real {@code docker} CLI: the
 * restart count across daemon restarts, restart policies after a reboot, {@code update --restart},
 * stop signals and timeouts (through {@code --init} too), and a container killed by the kernel over
 * its memory limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300)
class RestartPolicyIT {
    private BerthdProcess d;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        d = BerthdProcess.start();
        ok(d.docker("import", "--change", "CMD [\"sh\"]", BerthdProcess.busyboxTar().toString(), "busybox"));
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
    void restartCount_journaled_survivesRestartAndKill9_resetByAStart() throws IOException {
        ok(d.docker("run", "-d", "--name", "rc", "--restart", "on-failure:3", "busybox", "sh", "-c", "exit 3"));
        waitFor(() -> inspect("rc", "{{.State.Status}} {{.RestartCount}}").equals("exited 3"), "three restarts, then exited");
        assertThat(inspect("rc", "{{.State.ExitCode}}")).isEqualTo("3");
        assertThat(actions("rc", a -> a.stream().filter("start"::equals).count() >= 4).stream()
                .filter("start"::equals)).as("the first run and three restarts").hasSize(4);

        d.restart();
        assertThat(inspect("rc", "{{.RestartCount}}")).as("after a daemon restart").isEqualTo("3");
        d.kill9();
        d.restart();
        assertThat(inspect("rc", "{{.RestartCount}}")).as("after kill -9").isEqualTo("3");
        BerthdProcess.sleep(500);
        assertThat(inspect("rc", "{{.State.Status}} {{.RestartCount}}")).as("no restarts left at daemon start")
                .isEqualTo("exited 3");

        // a start by the user resets it, as dockerd's; the policy then counts again from 0
        ok(d.docker("update", "--restart", "on-failure:1", "rc"));
        ok(d.docker("start", "rc"));
        waitFor(() -> inspect("rc", "{{.State.Status}} {{.RestartCount}}").equals("exited 1"), "one restart, then exited");
    }

    @Test
    void updateRestart_takesEffectAtTheNextExit_andARestartingContainerShowsSo() {
        // first run: wait for /tmp/go, then fail; later runs keep running
        ok(d.docker("run", "-d", "--name", "up", "busybox", "sh", "-c",
                "if [ -f /tmp/ran ]; then exec sleep 300; fi; touch /tmp/ran; "
                        + "while [ ! -f /tmp/go ]; do sleep 0.1; done; exit 1"));
        ok(d.docker("update", "--restart", "always", "up"));
        assertThat(inspect("up", "{{.HostConfig.RestartPolicy.Name}}")).isEqualTo("always");
        ok(d.docker("exec", "up", "touch", "/tmp/go"));
        waitFor(() -> inspect("up", "{{.State.Status}} {{.RestartCount}}").equals("running 1"), "restarted once by the new policy");

        // a crash loop: the back-off grows (100 ms doubling) and the container shows as restarting
        ok(d.docker("run", "-d", "--name", "loop", "--restart", "always", "busybox", "sh", "-c", "exit 2"));
        waitFor(() -> Integer.parseInt(inspect("loop", "{{.RestartCount}}")) >= 5, "five restarts");
        waitFor(() -> inspect("loop", "{{.State.Status}} {{.State.Running}} {{.State.Restarting}}")
                .equals("restarting true true"), "restarting during the back-off");
        assertThat(ok(d.docker("ps", "--filter", "name=loop", "--format", "{{.Status}}")).out())
                .startsWith("Restarting (2)");
        // stopped by the user during the back-off: it stays down, and a start is the user's again
        ok(d.docker("stop", "loop"));
        String count = inspect("loop", "{{.RestartCount}}");
        BerthdProcess.sleep(2500);
        assertThat(inspect("loop", "{{.State.Status}} {{.RestartCount}}")).isEqualTo("exited " + count);
    }

    @Test
    void alwaysContainerKilledByTheUser_staysDown() {
        ok(d.docker("run", "-d", "--name", "killed", "--restart", "always", "busybox", "sleep", "300"));
        ok(d.docker("kill", "killed"));
        BerthdProcess.sleep(1000);
        assertThat(inspect("killed", "{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}")).isEqualTo("exited 137 0");
    }

    @Test
    void reboot_restartPoliciesAsDockerdsRestore() throws IOException {
        for (String policy : List.of("always", "unless-stopped", "on-failure", "no")) {
            ok(d.docker("run", "-d", "--name", "run-" + policy, "--restart", policy, "busybox", "sleep", "300"));
        }
        for (String policy : List.of("always", "unless-stopped")) {
            ok(d.docker("run", "-d", "--name", "stopped-" + policy, "--restart", policy, "busybox", "sleep", "300"));
            ok(d.docker("stop", "-t", "0", "stopped-" + policy));
        }
        ok(d.docker("run", "-d", "--name", "done-on-failure", "--restart", "on-failure", "busybox", "true"));
        waitFor(() -> inspect("done-on-failure", "{{.State.Status}}").equals("exited"), "done-on-failure ran");

        reboot();

        waitFor(() -> inspect("run-always", "{{.State.Status}}").equals("running")
                && inspect("stopped-always", "{{.State.Status}}").equals("running"), "always containers back");
        for (String name : List.of("run-always", "run-unless-stopped", "run-on-failure", "stopped-always")) {
            waitFor(() -> inspect(name, "{{.State.Status}}").equals("running"), name + " running again");
            assertThat(inspect(name, "{{.RestartCount}}")).as("%s: a start at daemon start resets it", name).isEqualTo("0");
        }
        assertThat(inspect("run-no", "{{.State.Status}} {{.State.ExitCode}}")).isEqualTo("exited 255");
        assertThat(inspect("stopped-unless-stopped", "{{.State.Status}}")).isEqualTo("exited");
        assertThat(inspect("done-on-failure", "{{.State.Status}} {{.State.ExitCode}}")).isEqualTo("exited 0");
        // the restarted ones really run: exec works
        assertThat(ok(d.docker("exec", "stopped-always", "echo", "up")).out().strip()).isEqualTo("up");
    }

    /** As a reboot leaves the host: the daemon down, no conmon or runc state, no mounts, empty exec root. */
    private void reboot() throws IOException {
        d.stop();
        Path conmon = d.execRoot().resolve("conmon");
        for (Path pidFile : list(conmon).stream().map(p -> p.resolve("conmon.pid")).filter(Files::isRegularFile).toList()) {
            // KILL, so that it cannot write an exit file: a reboot leaves none
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
        Path runc = d.execRoot().resolve("runc");
        for (Path c : list(runc)) {
            ok(BerthdProcess.run(Duration.ofSeconds(20), "runc", "--root", runc.toString(), "delete", "--force",
                    c.getFileName().toString()));
        }
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String mp = line.split(" ")[4];
            if (mp.startsWith(d.execRoot() + "/") || mp.startsWith(d.dataRoot() + "/")) {
                mounts.add(mp);
            }
        }
        mounts.sort(Comparator.reverseOrder());
        for (String mp : mounts) {
            BerthdProcess.run(Duration.ofSeconds(10), "umount", "-l", mp);
        }
        for (Path dir : List.of(conmon, d.execRoot().resolve("runc-exits"))) {
            for (Path p : list(dir)) {
                BerthdProcess.run(Duration.ofSeconds(10), "rm", "-rf", p.toString());
            }
        }
        d.restart();
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void stopSignalsAndTimeouts_byNameAndNumber_throughInitToo() {
        ok(d.docker("run", "-d", "--name", "usr1", "--stop-signal", "USR1", "busybox", "sh", "-c",
                "trap 'echo got-usr1; exit 7' USR1; while true; do sleep 0.1; done"));
        ok(d.docker("run", "-d", "--name", "quiet", "--init", "--stop-timeout", "1", "busybox", "sh", "-c",
                "trap '' TERM; while true; do sleep 0.1; done"));
        ok(d.docker("run", "-d", "--name", "quit", "busybox", "sh", "-c", "trap 'exit 9' QUIT; while true; do sleep 0.1; done"));
        ok(d.docker("run", "-d", "--name", "hup", "--init", "busybox", "sh", "-c",
                "trap 'echo got-hup' HUP; while true; do sleep 0.1; done"));
        BerthdProcess.sleep(500); // the traps are set

        ok(d.docker("stop", "usr1"));
        assertThat(inspect("usr1", "{{.State.ExitCode}} {{.Config.StopSignal}}")).isEqualTo("7 USR1");
        assertThat(ok(d.docker("logs", "usr1")).out()).contains("got-usr1");

        long t0 = System.nanoTime();
        ok(d.docker("stop", "quiet"));
        long millis = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        assertThat(millis).as("KILL after --stop-timeout 1").isBetween(900L, 6000L);
        assertThat(inspect("quiet", "{{.State.ExitCode}} {{.Config.StopTimeout}}")).isEqualTo("137 1");

        ok(d.docker("stop", "-s", "SIGQUIT", "-t", "5", "quit"));
        assertThat(inspect("quit", "{{.State.ExitCode}}")).isEqualTo("9");

        ok(d.docker("kill", "-s", "HUP", "hup"));
        // the shell runs its trap only after its `sleep 0.1`: a second HUP pending by then would merge
        waitFor(() -> ok(d.docker("logs", "hup")).out().contains("got-hup"), "the first HUP reached the trap");
        ok(d.docker("kill", "-s", "1", "hup"));
        waitFor(() -> ok(d.docker("logs", "hup")).out().lines().filter(l -> l.equals("got-hup")).count() == 2,
                "both HUPs reached the trap through tini");
        assertThat(inspect("hup", "{{.State.Status}}")).isEqualTo("running");

        Result badKill = d.docker("kill", "-s", "FOO", "hup");
        assertThat(badKill.exitCode()).isNotZero();
        assertThat(badKill.err()).contains("invalid signal: FOO");
        Result noSuch = d.docker("kill", "-s", "99", "hup");
        assertThat(noSuch.err()).contains("the linux daemon does not support signal 99");
        Result badStop = d.docker("stop", "-s", "SIGNOPE", "hup");
        assertThat(badStop.err()).contains("invalid signal: SIGNOPE");
        assertThat(inspect("hup", "{{.State.Status}}")).isEqualTo("running");

        Result badCreate = d.docker("create", "--name", "badsig", "--stop-signal", "FOO", "busybox", "true");
        assertThat(badCreate.exitCode()).isNotZero();
        assertThat(badCreate.err()).contains("invalid signal: FOO");
        assertThat(ok(d.docker("ps", "-a", "--filter", "name=badsig", "-q")).out()).isBlank();
    }

    @Test
    void imageStopSignal_usedUnlessTheUserGivesOne() throws IOException {
        ok(d.docker("import", "--change", "CMD [\"sh\"]", "--change", "STOPSIGNAL SIGUSR2",
                BerthdProcess.busyboxTar().toString(), "busybox-usr2"));
        String script = "trap 'exit 15' TERM; trap 'exit 12' USR2; while true; do sleep 0.1; done";
        ok(d.docker("run", "-d", "--name", "img", "busybox-usr2", "sh", "-c", script));
        ok(d.docker("run", "-d", "--name", "own", "--stop-signal", "SIGTERM", "busybox-usr2", "sh", "-c", script));
        BerthdProcess.sleep(500);
        ok(d.docker("stop", "img"));
        ok(d.docker("stop", "own"));
        assertThat(inspect("img", "{{.State.ExitCode}} {{.Config.StopSignal}}")).isEqualTo("12 SIGUSR2");
        assertThat(inspect("own", "{{.State.ExitCode}} {{.Config.StopSignal}}")).isEqualTo("15 SIGTERM");
        ok(d.docker("rm", "img", "own"));
        ok(d.docker("rmi", "busybox-usr2"));
    }

    @Test
    void oomKill_overTheMemoryLimit_oomKilledExit137AndOomThenDieEvents() {
        ok(d.docker("run", "-d", "--name", "oom", "--memory", "8m", "--memory-swap", "8m", "busybox", "sh", "-c",
                "x=a; while true; do x=\"$x$x\"; done"));
        waitFor(() -> inspect("oom", "{{.State.Status}}").equals("exited"), "killed by the kernel");
        assertThat(inspect("oom", "{{.State.OOMKilled}} {{.State.ExitCode}}")).isEqualTo("true 137");
        assertThat(actions("oom", a -> a.contains("die")).stream().filter(a -> a.equals("oom") || a.equals("die")))
                .containsExactly("oom", "die");
        // a run that was not OOM-killed says so again
        ok(d.docker("run", "-d", "--name", "fine", "--memory", "8m", "busybox", "true"));
        waitFor(() -> inspect("fine", "{{.State.Status}}").equals("exited"), "fine exited");
        assertThat(inspect("fine", "{{.State.OOMKilled}} {{.State.ExitCode}}")).isEqualTo("false 0");
    }

    // ---------------------------------------------------------------- helpers

    private String inspect(String name, String format) {
        return ok(d.docker("inspect", "-f", format, name)).out().strip();
    }

    /** The container's event actions from the journal, once {@code done} holds (history lags live events a little). */
    private List<String> actions(String container, Predicate<List<String>> done) {
        List<String> actions = List.of();
        for (int i = 0; i < 50 && !done.test(actions); i++) {
            BerthdProcess.sleep(200);
            actions = ok(d.docker("events", "--since", "0", "--until", "0s", "--filter", "container=" + container,
                    "--format", "{{.Action}}")).out().lines().toList();
        }
        return actions;
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("expected success: %s", r).isZero();
        return r;
    }

    private static void waitFor(BooleanSupplier cond, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return;
            }
            BerthdProcess.sleep(100);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }
}
