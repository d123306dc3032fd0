package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #10 items 3 and 4 as a user types them with the real {@code docker} CLI: top, stats, pause,
 * unpause and update, their events, and what survives a daemon restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240)
class ControlIT {
    private static final Path CGROUP = Path.of("/sys/fs/cgroup");
    private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();
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
    void top_psOptions_showsTheContainersProcessesOnly() {
        ok(d.docker("run", "-d", "--name", "topc", "busybox", "sleep", "300"));
        Result top = ok(d.docker("top", "topc", "-o", "pid,comm"));
        List<String> lines = top.out().lines().toList();
        assertThat(lines.get(0)).containsPattern("PID\\s+COMMAND");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).containsPattern("^\\d+\\s+sleep$");
        String pid = ok(d.docker("inspect", "-f", "{{.State.Pid}}", "topc")).out().strip();
        assertThat(lines.get(1)).startsWith(pid);
        // the default (-ef) has the full command line
        assertThat(ok(d.docker("top", "topc")).out()).containsPattern("UID\\s+PID\\s+PPID").contains("sleep 300");

        ok(d.docker("stop", "-t", "0", "topc"));
        Result stopped = d.docker("top", "topc");
        assertThat(stopped.exitCode()).isNotZero();
        assertThat(stopped.err()).contains("is not running");
    }

    @Test
    void statsNoStream_memoryLimitFromMinusM_andFieldsTheCliComputes() {
        ok(d.docker("run", "-d", "--name", "statc", "-m", "64m", "busybox", "sleep", "300"));
        Result mem = ok(d.docker("stats", "--no-stream", "--format", "{{.MemUsage}}", "statc"));
        assertThat(mem.out().strip()).matches("[0-9.]+(B|KiB|MiB) / 64MiB");
        Result all = ok(d.docker("stats", "--no-stream", "--format",
                "{{.Name}}|{{.CPUPerc}}|{{.MemPerc}}|{{.NetIO}}|{{.BlockIO}}|{{.PIDs}}", "statc"));
        assertThat(all.out().strip()).matches("statc\\|[0-9.]+%\\|[0-9.]+%\\|[0-9.]+k?B / [0-9.]+k?B\\|.+ / .+\\|1");

        // a container without a limit: the host's memory is the limit, as dockerd reports it
        ok(d.docker("run", "-d", "--name", "statu", "busybox", "sleep", "300"));
        Result unlimited = ok(d.docker("stats", "--no-stream", "--format", "{{.MemUsage}}", "statu"));
        assertThat(unlimited.out().strip()).matches(".+ / [0-9.]+GiB");

        // streaming: a sample a second, each with the previous one's CPU counters as precpu_stats
        String socket = d.host().substring("unix://".length());
        Result stream = BerthdProcess.run(Duration.ofSeconds(20), "curl", "-sS", "--unix-socket", socket, "--max-time",
                "3.5", "http://berth/containers/statc/stats?stream=true");
        List<String> samples = stream.out().lines().filter(l -> l.startsWith("{")).toList();
        assertThat(samples).as(stream.toString()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(samples.get(2)).contains("\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":")
                .contains("\"limit\":" + (64L << 20)).contains("\"networks\":{\"eth0\"");

        // the docker CLI's own stream, redrawn each second (the CLI outlived timeout's TERM: -k kills it a second later,
        // else it ran on after the test)
        Result live = BerthdProcess.run(Duration.ofSeconds(20), "timeout", "-k", "1", "4", "docker", "-H", d.host(), "stats",
                "--format", "{{.Name}} {{.MemUsage}}", "statc");
        assertThat(live.out().lines().filter(l -> l.contains("statc") && l.endsWith("/ 64MiB")).count())
                .as(live.toString()).isGreaterThanOrEqualTo(2);

        // a stopped container: dockerd's zeros
        ok(d.docker("stop", "-t", "0", "statu"));
        assertThat(ok(d.docker("stats", "--no-stream", "--format", "{{.CPUPerc}} {{.MemUsage}} {{.PIDs}}", "statu"))
                .out().strip()).isEqualTo("0.00% 0B / 0B 0");

        // the same as berth prints it
        Result berth = ok(berth("stats", "--no-stream", "--format", "{{.MemUsage}}", "statc"));
        assertThat(berth.out().strip()).endsWith("/ 64MiB");
    }

    @Test
    void pauseUnpause_psShowsPaused_inspectPaused_eventsJournaled() {
        ok(d.docker("run", "-d", "--name", "pz", "busybox", "sleep", "300"));
        String id = ok(d.docker("inspect", "-f", "{{.Id}}", "pz")).out().strip();
        ok(d.docker("pause", "pz"));
        assertThat(ok(d.docker("ps", "--format", "{{.Status}}", "-f", "name=pz")).out().strip())
                .matches("Up .+ \\(Paused\\)");
        assertThat(ok(d.docker("inspect", "-f", "{{.State.Status}} {{.State.Paused}} {{.State.Running}}", "pz")).out().strip())
                .isEqualTo("paused true true");
        assertThat(freezerState(id)).isEqualTo("FROZEN");
        assertThat(ok(d.docker("info", "-f", "{{.ContainersRunning}} {{.ContainersPaused}}")).out().strip())
                .isEqualTo("0 1");
        assertThat(ok(d.docker("top", "pz", "-o", "pid,comm")).out()).as("top of a frozen container").contains("sleep");

        Result again = d.docker("pause", "pz");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("container " + id + " is already paused");
        Result attach = d.docker("attach", "pz");
        assertThat(attach.exitCode()).isNotZero();
        assertThat(attach.err()).contains("You cannot attach to a paused container, unpause it first");

        ok(d.docker("unpause", "pz"));
        assertThat(ok(d.docker("inspect", "-f", "{{.State.Status}} {{.State.Paused}}", "pz")).out().strip())
                .isEqualTo("running false");
        assertThat(freezerState(id)).isEqualTo("THAWED");
        Result notPaused = d.docker("unpause", "pz");
        assertThat(notPaused.err()).contains("container " + id + " is not paused");

        assertThat(actions("pz", "unpause")).containsSubsequence("start", "pause", "unpause");

        // a stopped container cannot be paused; a paused one stops (it is thawed to get the signal)
        ok(d.docker("pause", "pz"));
        ok(d.docker("stop", "-t", "1", "pz"));
        assertThat(ok(d.docker("inspect", "-f", "{{.State.Status}} {{.State.Paused}}", "pz")).out().strip())
                .isEqualTo("exited false");
        Result stopped = d.docker("pause", "pz");
        assertThat(stopped.exitCode()).isNotZero();
        assertThat(stopped.err()).contains("container " + id + " is not running");
    }

    @Test
    void update_memoryAndPids_inTheCgroupAndInspect_keptAcrossDaemonAndContainerRestarts() throws IOException {
        ok(d.docker("run", "-d", "--name", "upd", "-m", "64m", "busybox", "sleep", "300"));
        String id = ok(d.docker("inspect", "-f", "{{.Id}}", "upd")).out().strip();
        Result up = ok(d.docker("update", "-m", "100m", "--pids-limit", "50", "--restart", "on-failure:2", "upd"));
        assertThat(up.out().strip()).isEqualTo("upd");
        assertThat(cgroup(id, "memory", "memory.limit_in_bytes")).isEqualTo(Long.toString(100L << 20));
        assertThat(cgroup(id, "pids", "pids.max")).isEqualTo("50");
        String fields = "{{.HostConfig.Memory}} {{.HostConfig.PidsLimit}} {{.HostConfig.RestartPolicy.Name}}"
                + " {{.HostConfig.RestartPolicy.MaximumRetryCount}}";
        assertThat(ok(d.docker("inspect", "-f", fields, "upd")).out().strip())
                .isEqualTo((100L << 20) + " 50 on-failure 2");
        assertThat(actions("upd", "update")).contains("update");

        // refused with dockerd's words, or by name when Berth does not apply the field
        Result tooBig = d.docker("update", "-m", "1g", "upd");
        assertThat(tooBig.exitCode()).isNotZero();
        assertThat(tooBig.err()).contains("Memory limit should be smaller than already set memoryswap limit");
        Result reservation = d.docker("update", "--memory-reservation", "1m", "upd");
        assertThat(reservation.exitCode()).isNotZero();
        assertThat(reservation.err()).contains("Minimum memory reservation allowed is 6MB");
        Result noSuchCpu = d.docker("update", "--cpuset-cpus", "0-4095", "upd");
        assertThat(noSuchCpu.err()).contains("Requested CPUs are not available - requested 0-4095, available: ");
        ok(d.docker("update", "--cpuset-cpus", "0", "upd"));
        assertThat(cgroup(id, "cpuset", "cpuset.cpus")).isEqualTo("0");
        assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.CpusetCpus}}", "upd")).out().strip()).isEqualTo("0");

        d.restart();
        assertThat(ok(d.docker("inspect", "-f", fields, "upd")).out().strip())
                .isEqualTo((100L << 20) + " 50 on-failure 2");
        ok(d.docker("restart", "-t", "0", "upd"));
        String newId = ok(d.docker("inspect", "-f", "{{.Id}}", "upd")).out().strip();
        assertThat(cgroup(newId, "memory", "memory.limit_in_bytes")).isEqualTo(Long.toString(100L << 20));
        assertThat(cgroup(newId, "pids", "pids.max")).isEqualTo("50");
        assertThat(cgroup(newId, "cpuset", "cpuset.cpus")).isEqualTo("0");

        // a stopped container takes the update at its next start
        ok(d.docker("stop", "-t", "0", "upd"));
        ok(d.docker("update", "-m", "80m", "upd"));
        ok(d.docker("start", "upd"));
        assertThat(cgroup(id, "memory", "memory.limit_in_bytes")).isEqualTo(Long.toString(80L << 20));
    }

    @Test
    void pausedAcrossDaemonRestart_recoveryReadsTheRealFreezerState() throws IOException {
        ok(d.docker("run", "-d", "--name", "pr", "busybox", "sleep", "300"));
        ok(d.docker("pause", "pr"));
        d.restart();
        assertThat(ok(d.docker("inspect", "-f", "{{.State.Status}} {{.State.Paused}}", "pr")).out().strip())
                .isEqualTo("paused true");
        ok(d.docker("unpause", "pr"));
        assertThat(ok(d.docker("inspect", "-f", "{{.State.Status}}", "pr")).out().strip()).isEqualTo("running");
    }

    /** The container's event actions from the journal, once {@code last} is among them (history lags live events a little). */
    private List<String> actions(String container, String last) {
        List<String> actions = List.of();
        for (int i = 0; i < 50 && !actions.contains(last); i++) {
            BerthdProcess.sleep(200);
            actions = ok(d.docker("events", "--since", "0", "--until", "0s", "--filter", "container=" + container,
                    "--format", "{{.Action}}")).out().lines().toList();
        }
        return actions;
    }

    private static String freezerState(String id) {
        return cgroup(id, "freezer", "freezer.state");
    }

    /** A file of the container's cgroup (v1 per controller, else v2's unified directory). */
    private static String cgroup(String id, String controller, String file) {
        Path v1 = CGROUP.resolve(controller).resolve("berth").resolve(id).resolve(file);
        Path path = Files.exists(v1) ? v1 : CGROUP.resolve("berth").resolve(id).resolve(v2Name(file));
        try {
            return Files.readString(path).strip();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + path, e);
        }
    }

    private static String v2Name(String v1File) {
        return switch (v1File) {
            case "memory.limit_in_bytes" -> "memory.max";
            case "freezer.state" -> "cgroup.freeze";
            case "cpuset.cpus" -> "cpuset.cpus";
            default -> v1File;
        };
    }

    private Result berth(String... args) {
        List<String> cmd = new ArrayList<>(List.of(BERTH.toString(), "-H", d.host()));
        cmd.addAll(List.of(args));
        return BerthdProcess.run(Duration.ofSeconds(60), cmd.toArray(String[]::new));
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("exit code of a command that should succeed; stderr: %s", r.err()).isZero();
        return r;
    }
}
