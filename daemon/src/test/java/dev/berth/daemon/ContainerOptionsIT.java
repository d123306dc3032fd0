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
    private static final java.nio.file.Path BERTH = java.nio.file.Path.of("..", "bin", "berth").toAbsolutePath().normalize();
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
    void attachFlags_asTheClientSentThem_shownByInspect() {
        String format = "{{.Config.AttachStdin}} {{.Config.AttachStdout}} {{.Config.AttachStderr}}";
        ok(d.docker("create", "--name", "att-it", "-it", "busybox", "sh"));
        ok(d.docker("create", "--name", "att-plain", "busybox", "true"));
        ok(d.docker("create", "--name", "att-err", "-a", "stderr", "busybox", "true"));
        ok(d.docker("run", "-d", "--name", "att-detached", "busybox", "sleep", "30"));
        assertThat(ok(d.docker("inspect", "-f", format, "att-it")).out().strip()).isEqualTo("true true true");
        assertThat(ok(d.docker("inspect", "-f", format, "att-plain")).out().strip()).isEqualTo("false true true");
        assertThat(ok(d.docker("inspect", "-f", format, "att-err")).out().strip()).isEqualTo("false false true");
        assertThat(ok(d.docker("inspect", "-f", format, "att-detached")).out().strip()).isEqualTo("false false false");
        ok(d.docker("rm", "-f", "att-it", "att-plain", "att-err", "att-detached"));
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

    @Test
    void shmSizeUlimitSysctl_seenInsideTheContainer_andInInspect() {
        Result df = ok(d.docker("run", "--rm", "--shm-size", "96m", "busybox", "busybox", "df", "-k", "/dev/shm"));
        assertThat(df.out()).containsPattern("shm\\s+98304\\s");
        assertThat(ok(d.docker("run", "--rm", "busybox", "busybox", "df", "-k", "/dev/shm")).out()).containsPattern("shm\\s+65536\\s");

        Result limits = ok(d.docker("run", "--rm", "--ulimit", "nofile=123:456", "busybox", "sh", "-c",
                "ulimit -n; ulimit -Hn; busybox grep 'open files' /proc/1/limits"));
        assertThat(limits.out().lines().toList().subList(0, 2)).containsExactly("123", "456");
        assertThat(limits.out()).containsPattern("Max open files\\s+123\\s+456\\s+files");

        Result sysctl = ok(d.docker("run", "--rm", "--sysctl", "net.ipv4.ip_forward=1", "--sysctl",
                "kernel.shmmax=65536", "busybox", "sh", "-c",
                "busybox cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shmmax"));
        assertThat(sysctl.out().lines().toList()).containsExactly("1", "65536");

        ok(d.docker("create", "--name", "opts", "--shm-size", "96m", "--ulimit", "nofile=123:456", "--sysctl",
                "net.ipv4.ip_forward=1", "busybox", "true"));
        assertThat(ok(d.docker("inspect", "-f",
                "{{.HostConfig.ShmSize}} {{json .HostConfig.Ulimits}} {{json .HostConfig.Sysctls}}", "opts")).out().strip())
                .isEqualTo("100663296 [{\"Name\":\"nofile\",\"Hard\":456,\"Soft\":123}] {\"net.ipv4.ip_forward\":\"1\"}");
        ok(d.docker("create", "--name", "plain", "busybox", "true"));
        assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.ShmSize}}", "plain")).out().strip()).isEqualTo("67108864");
    }

    @Test
    void sysctlOutsideTheNamespaces_refusedAtCreate_nothingMade() {
        Result host = d.docker("run", "--name", "badsysctl", "--network", "host", "--sysctl", "net.ipv4.ip_forward=1",
                "busybox", "true");
        assertThat(host.exitCode()).as(host.toString()).isEqualTo(125);
        assertThat(host.err()).contains("sysctl \"net.ipv4.ip_forward\" is not allowed in the hosts network namespace");
        Result soft = d.docker("run", "--name", "badulimit", "--ulimit", "nofile=20:10", "busybox", "true");
        assertThat(soft.exitCode()).as(soft.toString()).isEqualTo(125);
        assertThat(soft.err()).contains("ulimit soft limit must be less than or equal to hard limit: 20 > 10");
        Result shm = d.docker("run", "--name", "badshm", "--shm-size", "-1", "busybox", "true");
        assertThat(shm.exitCode()).as(shm.toString()).isEqualTo(125);
        assertThat(ok(d.docker("ps", "-a", "-q")).out()).isBlank();
    }

    @Test
    void cpuQuotaPeriod_reservation_oom_seenInTheContainersCgroup() {
        Result r = ok(d.docker("run", "--rm", "--cpu-quota", "50000", "--cpu-period", "200000", "-m", "64m",
                "--memory-reservation", "32m", "--oom-kill-disable", "--oom-score-adj", "500", "busybox", "sh", "-c",
                "busybox cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.cfs_period_us"
                        + " /sys/fs/cgroup/memory/memory.soft_limit_in_bytes /proc/1/oom_score_adj;"
                        + " busybox grep oom_kill_disable /sys/fs/cgroup/memory/memory.oom_control"));
        assertThat(r.out().lines().toList()).containsExactly("50000", "200000", "33554432", "500", "oom_kill_disable 1");

        ok(d.docker("create", "--name", "lim", "--cpu-quota", "50000", "--cpu-period", "200000",
                "--memory-reservation", "32m", "--oom-score-adj", "-100", "busybox", "true"));
        assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.CpuQuota}} {{.HostConfig.CpuPeriod}} "
                + "{{.HostConfig.MemoryReservation}} {{.HostConfig.OomScoreAdj}} {{.HostConfig.OomKillDisable}}", "lim"))
                .out().strip()).isEqualTo("50000 200000 33554432 -100 false");

        Result warn = ok(d.docker("create", "--name", "oomwarn", "--oom-kill-disable", "busybox", "true"));
        assertThat(warn.err()).contains("OOM killer is disabled for the container, but no memory limit is set");
        // ports published where they cannot be: dockerd's warning on the host's network, the same on none
        assertThat(ok(d.docker("create", "--name", "hostports", "--network", "host", "-p", "18490:80", "busybox", "true"))
                .err()).contains("WARNING: Published ports are discarded when using host network mode");
        assertThat(ok(d.docker("create", "--name", "noneports", "--network", "none", "-p", "18490:80", "busybox", "true"))
                .err()).contains("WARNING: Published ports are discarded when using none network mode");
        assertThat(ok(d.docker("create", "--name", "noports", "--network", "host", "busybox", "true")).err())
                .doesNotContain("Published ports");
        Result bad = d.docker("create", "--name", "badoom", "--oom-score-adj", "1001", "busybox", "true");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("Invalid value 1001, range for oom score adj is [-1000, 1000]");
    }

    @Test
    void swappinessAndAnnotations_inTheCgroupAndTheRuntimesConfig_andInInspectAsDockerd() throws IOException {
        Result r = ok(d.docker("run", "--rm", "--memory-swappiness", "7", "busybox",
                "cat", "/sys/fs/cgroup/memory/memory.swappiness"));
        assertThat(r.out().strip()).isEqualTo("7");

        String id = ok(d.docker("create", "--name", "annotated", "--annotation", "org.example.team=infra",
                "--annotation", "org.example.tier=web", "--memory-swappiness", "0", "busybox", "true")).out().strip();
        assertThat(ok(d.docker("inspect", "-f", "{{json .HostConfig.Annotations}} {{.HostConfig.MemorySwappiness}}",
                "annotated")).out().strip()).isEqualTo("{\"org.example.team\":\"infra\",\"org.example.tier\":\"web\"} 0");
        ok(d.docker("start", "-a", "annotated"));
        // what runc was given: the bundle's config.json, kept while the container exists
        String config = java.nio.file.Files.readString(d.dataRoot().resolve("containers").resolve(id).resolve("config.json"));
        assertThat(config).contains("\"org.example.team\" : \"infra\"").contains("\"swappiness\" : 0");

        // an unset swappiness and pids limit are null, as dockerd shows them; no annotations: none shown
        ok(d.docker("create", "--name", "plain", "busybox", "true"));
        assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.MemorySwappiness}} {{json .HostConfig.PidsLimit}} "
                + "{{json .HostConfig.Annotations}} {{json .HostConfig.ConsoleSize}}", "plain")).out().strip())
                .isEqualTo("<nil> null null [0,0]");
    }

    @Test
    void consoleSize_isTheTtysSizeFromItsFirstInstant_withoutAnyResize() throws IOException {
        String created = d.http("POST", "/containers/create?name=sized", "application/json",
                "{\"Image\":\"busybox\",\"Tty\":true,\"Cmd\":[\"sh\",\"-c\",\"stty size\"],\"HostConfig\":{\"ConsoleSize\":[31,97]}}",
                java.time.Duration.ofSeconds(20));
        assertThat(created).startsWith("HTTP/1.1 201");
        // attached from a pipe, the docker CLI sends no resize: what stty sees is the create's size alone
        assertThat(ok(d.docker("start", "-a", "sized")).out().strip()).isEqualTo("31 97");
        assertThat(ok(d.docker("inspect", "-f", "{{json .HostConfig.ConsoleSize}}", "sized")).out().strip())
                .isEqualTo("[31,97]");
        // and again at the next start, as dockerd sizes it at each
        assertThat(ok(d.docker("start", "-a", "sized")).out().strip()).isEqualTo("31 97");

        String bad = d.http("POST", "/containers/create?name=badsize", "application/json",
                "{\"Image\":\"busybox\",\"Tty\":true,\"HostConfig\":{\"ConsoleSize\":[-1,80]}}",
                java.time.Duration.ofSeconds(20));
        assertThat(bad).startsWith("HTTP/1.1 400").contains("invalid HostConfig.ConsoleSize: -1 is not a terminal size");
        assertThat(d.docker("inspect", "badsize").exitCode()).as("nothing made").isEqualTo(1);
    }

    @Test
    void dockerRunT_fromATerminal_theCreateCarriesItsSize() {
        String session = "berth-size-" + ProcessHandle.current().pid();
        ok(BerthdProcess.run(java.time.Duration.ofSeconds(20), "tmux", "new-session", "-d", "-s", session, "-x", "93",
                "-y", "27", "docker --config " + d.dockerConfig() + " -H " + d.host()
                        + " create -t --name fromtty busybox sh; sleep 60"));
        try {
            long deadline = System.currentTimeMillis() + 15_000;
            Result r = d.docker("inspect", "-f", "{{json .HostConfig.ConsoleSize}}", "fromtty");
            while (r.exitCode() != 0 && System.currentTimeMillis() < deadline) {
                BerthdProcess.sleep(100);
                r = d.docker("inspect", "-f", "{{json .HostConfig.ConsoleSize}}", "fromtty");
            }
            String pane = BerthdProcess.run(java.time.Duration.ofSeconds(10), "tmux", "capture-pane", "-p", "-t", session).out();
            assertThat(r.exitCode()).as("the create in the terminal:\n" + pane).isZero();
            assertThat(r.out().strip()).isEqualTo("[27,93]");
        } finally {
            BerthdProcess.run(java.time.Duration.ofSeconds(10), "tmux", "kill-session", "-t", session);
        }
    }

    @Test
    void goIntsBeyondJavaInt_dockerdsRangeError_orKeptAndHonoured() {
        // the docker CLI sends Go ints (64-bit): dockerd's range message, not a JSON overflow
        Result oom = d.docker("run", "--rm", "--oom-score-adj", "3000000000", "busybox", "true");
        assertThat(oom.exitCode()).as(oom.toString()).isEqualTo(125);
        assertThat(oom.err()).contains("Invalid value 3000000000, range for oom score adj is [-1000, 1000]");

        ok(d.docker("create", "--name", "bigints", "--stop-timeout", "3000000000", "--restart", "on-failure:3000000000",
                "--health-cmd", "true", "--health-retries", "3000000000", "busybox", "true"));
        assertThat(ok(d.docker("inspect", "-f", "{{.Config.StopTimeout}} {{.HostConfig.RestartPolicy.MaximumRetryCount}} "
                + "{{.Config.Healthcheck.Retries}}", "bigints")).out().strip()).isEqualTo("3000000000 3000000000 3000000000");
        ok(d.docker("update", "--restart", "on-failure:4000000000", "bigints"));
        assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.RestartPolicy.MaximumRetryCount}}", "bigints")).out().strip())
                .isEqualTo("4000000000");

        // a stop timeout of ~95 years is waited for as no limit: under the init, SIGTERM ends the sleep at once
        ok(d.docker("run", "-d", "--name", "longstop", "--init", "--stop-timeout", "3000000000", "busybox", "sleep", "300"));
        long t0 = System.nanoTime();
        ok(d.docker("stop", "longstop"));
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to stop").isLessThan(10_000);
        assertThat(ok(d.docker("inspect", "-f", "{{.State.ExitCode}}", "longstop")).out().strip()).isEqualTo("143");
    }

    @Test
    void logsSinceUntil_badDate_sameAnswerAsDocker() {
        ok(d.docker("create", "--name", "logdates", "busybox", "true"));
        for (String flag : List.of("--since", "--until")) {
            Result docker = d.docker("logs", flag, "2020-13-01", "logdates");
            Result berth = BerthdProcess.run(java.time.Duration.ofSeconds(60), BERTH.toString(), "-H", d.host(), "logs",
                    flag, "2020-13-01", "logdates");
            assertThat(docker.exitCode()).as(docker.toString()).isEqualTo(1);
            assertThat(docker.err()).contains("invalid value for \"" + flag.substring(2)
                    + "\": parsing time \"2020-13-01\": month out of range");
            assertThat(berth.exitCode()).as(berth.toString()).isEqualTo(docker.exitCode());
            assertThat(berth.err()).isEqualTo(docker.err());
            assertThat(berth.out()).isEqualTo(docker.out());
        }
    }

    @Test
    void hostNamespaces_pidIpcUts_seenFromInside() throws IOException {
        String hostname = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        Result pid = ok(d.docker("run", "--rm", "--pid", "host", "busybox", "ps", "-o", "pid,comm"));
        assertThat(pid.out().lines().count()).as("the host's processes").isGreaterThan(5);
        assertThat(pid1(pid)).isNotEqualTo("ps");
        Result uts = ok(d.docker("run", "--rm", "--uts", "host", "--ipc", "host", "busybox", "sh", "-c",
                "busybox hostname; busybox readlink /proc/self/ns/ipc"));
        List<String> lines = uts.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo(hostname);
        assertThat(lines.get(1)).as("the host's ipc namespace")
                .isEqualTo(java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/ipc")).toString());
        Result own = ok(d.docker("run", "--rm", "--ipc", "shareable", "busybox", "busybox", "readlink", "/proc/self/ns/ipc"));
        assertThat(own.out().strip()).startsWith("ipc:[").isNotEqualTo(lines.get(1));
        ok(d.docker("create", "--name", "ns", "--pid", "host", "--uts", "host", "--ipc", "shareable", "busybox", "true"));
        assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.PidMode}} {{.HostConfig.UTSMode}} {{.HostConfig.IpcMode}}",
                "ns")).out().strip()).isEqualTo("host host shareable");
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
