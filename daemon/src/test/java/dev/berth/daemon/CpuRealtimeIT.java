package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CPU real-time budget, as dockerd gives it on cgroup v1: the daemon's {@code cpu-rt-runtime} written into the
 * cgroups above every container, and a container's own {@code --cpu-rt-runtime}/{@code --cpu-rt-period} into its
 * cgroup, so that its tasks may be made real-time (SCHED_FIFO) — which, without a budget of its own, the kernel
 * refuses. The host's {@code chrt} runs inside through its dynamic loader (busybox-static has none).
 */
@Timeout(value = 180)
class CpuRealtimeIT {
    private static final Path PARENT = Path.of("/sys/fs/cgroup/cpu/berth");
    private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();
    private static final String CHRT = "/h/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 --library-path "
            + "/h/lib/x86_64-linux-gnu /h/bin/chrt";

    @Test
    void theDaemonsBudget_letsAContainersOwnBudget_runRealTimeTasks() throws IOException {
        BerthdProcess.requireEnvironment();
        Files.createDirectories(PARENT);
        String before = Files.readString(PARENT.resolve("cpu.rt_runtime_us")).strip();
        try {
            try (BerthdProcess d = BerthdProcess.start("{\"cpu-rt-runtime\": 95000}")) {
                ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));

                // without a budget of its own a container's task cannot be made real-time
                Result none = d.docker("run", "--rm", "--cap-add", "sys_nice", "-v", "/usr:/h:ro", "busybox",
                        "sh", "-c", CHRT + " -f 10 true");
                assertThat(none.exitCode()).as(none.toString()).isNotZero();
                assertThat(none.out() + none.err()).contains("Operation not permitted");

                // with one it can; the daemon's budget is above it
                Result fifo = ok(d.docker("run", "--rm", "--cap-add", "sys_nice", "--cpu-rt-runtime", "10000",
                        "-v", "/usr:/h:ro", "busybox", "sh", "-c", CHRT + " -f 10 " + CHRT + " -p 1"));
                assertThat(fifo.out()).contains("scheduling policy: SCHED_FIFO").contains("scheduling priority: 10");
                assertThat(Files.readString(PARENT.resolve("cpu.rt_runtime_us")).strip()).isEqualTo("95000");

                String id = ok(d.docker("run", "-d", "--cpu-rt-runtime", "20000", "--cpu-rt-period", "500000",
                        "busybox", "sleep", "300")).out().strip();
                assertThat(Files.readString(PARENT.resolve(id).resolve("cpu.rt_runtime_us")).strip()).isEqualTo("20000");
                assertThat(Files.readString(PARENT.resolve(id).resolve("cpu.rt_period_us")).strip()).isEqualTo("500000");
                assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.CpuRealtimeRuntime}} {{.HostConfig.CpuRealtimePeriod}}",
                        id)).out().strip()).isEqualTo("20000 500000");
                // docker update changes the running container's budget
                ok(d.docker("update", "--cpu-rt-runtime", "30000", id));
                assertThat(Files.readString(PARENT.resolve(id).resolve("cpu.rt_runtime_us")).strip()).isEqualTo("30000");
                // and the berth CLI's sends it as the docker CLI does
                Result berth = BerthdProcess.run(java.time.Duration.ofSeconds(60), BERTH.toString(), "-H", d.host(),
                        "update", "--cpu-rt-runtime", "30000", "--cpu-rt-period", "500000", id);
                assertThat(berth.exitCode()).as(berth.toString()).isZero();
                // journaled: the same after a restart of the daemon
                d.restart();
                assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.CpuRealtimeRuntime}} {{.HostConfig.CpuRealtimePeriod}}",
                        id)).out().strip()).isEqualTo("30000 500000");
                ok(d.docker("rm", "-f", id));

                // dockerd's check
                Result higher = d.docker("run", "--rm", "--cpu-rt-runtime", "600000", "--cpu-rt-period", "500000",
                        "busybox", "true");
                assertThat(higher.exitCode()).isEqualTo(125);
                assertThat(higher.err()).contains("cpu real-time runtime cannot be higher than cpu real-time period");
            }
        } finally {
            // the budget this test gave the shared parent goes back (its containers, which held part of it, are gone)
            Files.writeString(PARENT.resolve("cpu.rt_runtime_us"), before);
        }
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("expected success: %s", r).isZero();
        return r;
    }
}
