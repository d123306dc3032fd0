package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue #11's devices, security and blkio options with the real {@code docker} CLI, each seen from inside. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240)
class DevicesIT {
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
    void device_madeInTheContainer_withItsCgroupPermissions_keptAcrossDaemonRestart(@TempDir Path dir)
            throws IOException {
        // major 60 is reserved for local use: no driver answers, so an open the cgroup allows fails with ENXIO
        String node = dir.resolve("node").toString();
        ok(BerthdProcess.run(Duration.ofSeconds(10), "mknod", node, "c", "60", "1"));
        String script = "ls -l /dev/mydev /dev/kmsg; (cat /dev/mydev) 2>&1; (echo x > /dev/mydev) 2>&1; true";
        Result r = ok(d.docker("run", "--rm", "--device", node + ":/dev/mydev:r", "--device", "/dev/kmsg",
                "busybox", "sh", "-c", script));
        assertThat(r.out()).containsPattern("(?m)^crw.*\\s60,\\s+1 .*/dev/mydev$")
                .containsPattern("(?m)^crw.*\\s1,\\s+11 .*/dev/kmsg$")
                .contains("No such device or address").contains("Operation not permitted");
        assertThat(d.docker("run", "--rm", "busybox", "ls", "/dev/kmsg").exitCode()).as("not there unasked").isNotZero();

        ok(d.docker("create", "--name", "dev", "--device", node + ":/dev/mydev:r", "--device-cgroup-rule",
                "c 61:* rw", "busybox", "sleep", "300"));
        assertThat(ok(d.docker("inspect", "-f", "{{json .HostConfig.Devices}} {{json .HostConfig.DeviceCgroupRules}}",
                "dev")).out().strip()).isEqualTo("[{\"PathOnHost\":\"" + node + "\",\"PathInContainer\":\"/dev/mydev\","
                + "\"CgroupPermissions\":\"r\"}] [\"c 61:* rw\"]");
        d.restart();
        ok(d.docker("start", "dev"));
        assertThat(ok(d.docker("exec", "dev", "cat", "/sys/fs/cgroup/devices/devices.list")).out())
                .contains("c 61:* rw").contains("c 60:1 r");
        assertThat(ok(d.docker("exec", "dev", "ls", "-l", "/dev/mydev")).out()).containsPattern("\\s60,\\s+1 ");
    }

    @Test
    void deviceCgroupRule_opensANodeTheDefaultListRefuses() {
        // major 60 has no driver: allowed, the open reaches the kernel (ENXIO); refused, the cgroup says EPERM
        String script = "busybox mknod /tmp/n c 60 1 && (cat /tmp/n) 2>&1; true";
        assertThat(ok(d.docker("run", "--rm", "busybox", "sh", "-c", script)).out()).contains("Operation not permitted");
        assertThat(ok(d.docker("run", "--rm", "--device-cgroup-rule", "c 60:* rw", "busybox", "sh", "-c", script)).out())
                .contains("No such device or address").doesNotContain("Operation not permitted");
    }

    @Test
    void badDeviceOrRule_refusedAtCreate_nothingMade() throws IOException {
        Result missing = d.docker("run", "--rm", "--device", "/dev/berth-nope", "busybox", "true");
        // the docker CLI's status for any error that says "no such file or directory", as with dockerd
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(127);
        assertThat(missing.err()).contains("error gathering device information while adding custom device "
                + "\"/dev/berth-nope\": no such file or directory");

        String response = d.http("POST", "/containers/create?name=badrule", "application/json",
                "{\"Image\":\"busybox\",\"HostConfig\":{\"DeviceCgroupRules\":[\"c 1:x rwm\"]}}", Duration.ofSeconds(30));
        assertThat(response).startsWith("HTTP/1.1 400").contains("invalid device cgroup rule format: 'c 1:x rwm'");
        assertThat(ok(d.docker("ps", "-a", "-q")).out()).isBlank();
    }

    @Test
    void privileged_hostDevicesNoMasksAllCapsNoSeccomp_capAddAllKeepsTheRest() {
        String script = "ls /dev; busybox grep -E '^(CapEff|Seccomp|NoNewPrivs):' /proc/self/status; "
                + "busybox grep -c -E ' /proc/(keys|timer_list|sys) ' /proc/self/mountinfo; "
                + "busybox grep ' /sys ' /proc/self/mountinfo | busybox cut -d' ' -f6";
        Result priv = ok(d.docker("run", "--rm", "--privileged", "busybox", "sh", "-c", script));
        String allCaps = capEff(priv.out());
        assertThat(Long.parseLong(allCaps, 16)).as("every capability").isEqualTo(boundingSet());
        assertThat(priv.out()).contains("kmsg").containsPattern("(?m)^Seccomp:\\s+0$")
                .containsPattern("(?m)^0$") // nothing masked or read-only under /proc
                .containsPattern("(?m)^rw,");

        Result capAll = ok(d.docker("run", "--rm", "--cap-add", "ALL", "busybox", "sh", "-c", script));
        assertThat(capEff(capAll.out())).isEqualTo(allCaps);
        assertThat(capAll.out()).doesNotContain("kmsg").containsPattern("(?m)^Seccomp:\\s+2$")
                .containsPattern("(?m)^3$").containsPattern("(?m)^ro,");

        Result plain = ok(d.docker("run", "--rm", "busybox", "sh", "-c", script));
        assertThat(Long.parseLong(capEff(plain.out()), 16)).isLessThan(Long.parseLong(allCaps, 16));
        assertThat(plain.out()).containsPattern("(?m)^NoNewPrivs:\\s+0$");
    }

    @Test
    void securityOpt_noNewPrivilegesSeccompFileUnconfinedLabelDisable() throws IOException {
        assertThat(ok(d.docker("run", "--rm", "--security-opt", "no-new-privileges", "busybox", "busybox", "grep", "NoNewPrivs",
                "/proc/self/status")).out()).containsPattern("NoNewPrivs:\\s+1");
        assertThat(ok(d.docker("run", "--rm", "--security-opt", "seccomp=unconfined", "busybox", "busybox", "grep", "Seccomp:",
                "/proc/self/status")).out()).containsPattern("Seccomp:\\s+0");

        Path profile = Files.createTempFile("berth-seccomp", ".json");
        try {
            Files.writeString(profile, "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":"
                    + "[\"mkdir\",\"mkdirat\"],\"action\":\"SCMP_ACT_ERRNO\"}]}");
            Result denied = ok(d.docker("run", "--rm", "--security-opt", "seccomp=" + profile, "busybox", "sh", "-c",
                    "touch /tmp/f && echo touched; (mkdir /tmp/d) 2>&1; true"));
            assertThat(denied.out()).contains("touched").contains("Operation not permitted");
        } finally {
            Files.deleteIfExists(profile);
        }
        ok(d.docker("create", "--name", "label", "--security-opt", "label=disable", "busybox", "true"));
        assertThat(ok(d.docker("inspect", "-f", "{{json .HostConfig.SecurityOpt}}", "label")).out().strip())
                .isEqualTo("[\"label=disable\"]");
        ok(d.docker("start", "label"));
    }

    @Test
    void maskedAndReadonlyPaths_defaultsInInspect_systempathsUnconfinedLiftsThem_customListsApplied() throws IOException {
        String script = "busybox grep -c -E ' /proc/(keys|timer_list|sys) ' /proc/self/mountinfo; true";
        assertThat(ok(d.docker("run", "--rm", "busybox", "sh", "-c", script)).out().strip()).isEqualTo("3");
        assertThat(ok(d.docker("run", "--rm", "--security-opt", "systempaths=unconfined", "busybox", "sh", "-c", script))
                .out().strip()).isEqualTo("0");

        ok(d.docker("create", "--name", "paths", "busybox", "true"));
        ok(d.docker("create", "--name", "privpaths", "--privileged", "busybox", "true"));
        String format = "{{json .HostConfig.MaskedPaths}} {{json .HostConfig.ReadonlyPaths}}";
        assertThat(ok(d.docker("inspect", "-f", format, "paths")).out()).contains("\"/proc/keys\"").contains("\"/proc/sys\"");
        assertThat(ok(d.docker("inspect", "-f", format, "privpaths")).out().strip()).isEqualTo("null null");

        String response = d.http("POST", "/containers/create?name=custom", "application/json",
                "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\",\"" + script.replace("'", "'") + "\"],"
                        + "\"HostConfig\":{\"MaskedPaths\":[\"/proc/keys\"],\"ReadonlyPaths\":[]}}",
                Duration.ofSeconds(30));
        assertThat(response).startsWith("HTTP/1.1 201");
        assertThat(ok(d.docker("start", "-a", "custom")).out().strip()).isEqualTo("1");
    }

    @Test
    void readOnly_rootfsRefusesWrites_devShmMqueueStayWritable() {
        String script = "for p in /x /etc/hosts /tmp/x /run/x /dev/x /dev/shm/x /dev/mqueue/x; do "
                + "touch $p 2>/dev/null && echo \"$p ok\" || echo \"$p ro\"; done";
        Result r = ok(d.docker("run", "--rm", "--read-only", "busybox", "sh", "-c", script));
        assertThat(r.out().lines().toList()).containsExactly("/x ro", "/etc/hosts ro", "/tmp/x ro", "/run/x ro",
                "/dev/x ok", "/dev/shm/x ok", "/dev/mqueue/x ok");
        assertThat(ok(d.docker("run", "--rm", "--read-only", "--tmpfs", "/run", "busybox", "touch", "/run/x")).exitCode())
                .isZero();
    }

    @Test
    void blkio_throttlesInTheCgroup_weightAsTheKernelAllows_keptAcrossDaemonRestart() throws IOException {
        String[] disk = blockDevice();
        String dev = disk[0];
        String numbers = disk[1];
        boolean weight = Files.exists(Path.of("/sys/fs/cgroup/blkio/blkio.weight"));
        Result run = ok(d.docker("run", "--name", "io", "--blkio-weight", "300", "--device-read-bps", dev + ":1mb",
                "--device-write-bps", dev + ":2mb", "--device-read-iops", dev + ":100", "--device-write-iops",
                dev + ":200", "busybox", "sh", "-c", "cd /sys/fs/cgroup/blkio && cat blkio.throttle.read_bps_device "
                        + "blkio.throttle.write_bps_device blkio.throttle.read_iops_device blkio.throttle.write_iops_device"
                        + (weight ? " blkio.weight" : "")));
        assertThat(run.out().lines().toList()).startsWith(numbers + " 1048576", numbers + " 2097152", numbers + " 100",
                numbers + " 200");
        String format = "{{.HostConfig.BlkioWeight}} {{json .HostConfig.BlkioDeviceReadBps}} "
                + "{{json .HostConfig.BlkioDeviceWriteIOps}}";
        String expected = (weight ? "300" : "0") + " [{\"Path\":\"" + dev + "\",\"Rate\":1048576}] [{\"Path\":\"" + dev
                + "\",\"Rate\":200}]";
        if (weight) {
            assertThat(run.out()).contains("300");
        } else {
            // dockerd's warning, and the weight dropped from the container's config
            assertThat(run.err()).contains("Your kernel does not support Block I/O weight or the cgroup is not mounted. "
                    + "Weight discarded.");
        }
        assertThat(ok(d.docker("inspect", "-f", format, "io")).out().strip()).isEqualTo(expected);
        d.restart();
        assertThat(ok(d.docker("start", "-a", "io")).out().lines().toList()).startsWith(numbers + " 1048576");
        assertThat(ok(d.docker("inspect", "-f", format, "io")).out().strip()).isEqualTo(expected);

        Result missing = d.docker("create", "--device-read-bps", "/dev/berth-nope:1mb", "busybox", "true");
        assertThat(missing.err()).contains("stat /dev/berth-nope: no such file or directory");
    }

    @Test
    void memorySwapAndPidsLimit_inTheCgroup() {
        Result r = ok(d.docker("run", "--rm", "-m", "32m", "--memory-swap", "64m", "--pids-limit", "10", "busybox", "cat",
                "/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes",
                "/sys/fs/cgroup/pids/pids.max"));
        assertThat(r.out().lines().toList()).containsExactly("33554432", "67108864", "10");
        Result bad = d.docker("create", "-m", "32m", "--memory-swap", "16m", "busybox", "true");
        assertThat(bad.err()).contains("Minimum memoryswap limit should be larger than memory limit, see usage");
    }

    @Test
    void update_cpuQuotaPeriodReservationBlkioWeight_appliedJournaledAndKept() throws IOException {
        ok(d.docker("run", "-d", "--name", "up", "busybox", "sleep", "300"));
        Result update = ok(d.docker("update", "--cpu-quota", "50000", "--cpu-period", "200000", "--memory-reservation",
                "64m", "--blkio-weight", "300", "up"));
        boolean weight = Files.exists(Path.of("/sys/fs/cgroup/blkio/blkio.weight"));
        if (!weight) {
            // the docker CLI prints an update's warnings on stdout, after the container's name
            assertThat(update.out() + update.err()).contains("Your kernel does not support Block I/O weight or the cgroup is not mounted. "
                    + "Weight discarded.");
        }
        String files = "/sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.cfs_period_us "
                + "/sys/fs/cgroup/memory/memory.soft_limit_in_bytes" + (weight ? " /sys/fs/cgroup/blkio/blkio.weight" : "");
        List<String> expected = weight ? List.of("50000", "200000", "67108864", "300")
                : List.of("50000", "200000", "67108864");
        assertThat(ok(d.docker("exec", "up", "sh", "-c", "cat " + files)).out().lines().toList()).isEqualTo(expected);
        String format = "{{.HostConfig.CpuQuota}} {{.HostConfig.CpuPeriod}} {{.HostConfig.MemoryReservation}} "
                + "{{.HostConfig.BlkioWeight}}";
        String inspected = "50000 200000 67108864 " + (weight ? "300" : "0");
        assertThat(ok(d.docker("inspect", "-f", format, "up")).out().strip()).isEqualTo(inspected);

        d.restart();
        assertThat(ok(d.docker("inspect", "-f", format, "up")).out().strip()).isEqualTo(inspected);
        ok(d.docker("restart", "-t", "0", "up"));
        assertThat(ok(d.docker("exec", "up", "sh", "-c", "cat " + files)).out().lines().toList()).isEqualTo(expected);

        ok(d.docker("run", "-d", "--name", "nano", "--cpus", "1", "busybox", "sleep", "300"));
        assertThat(d.docker("update", "--cpu-quota", "50000", "nano").err())
                .contains("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
        assertThat(d.docker("update", "--memory-reservation", "1m", "nano").err())
                .contains("Minimum memory reservation allowed is 6MB");
    }

    @Test
    void defaultUlimits_fromDaemonJson_unlessTheContainerSetsItsOwn() throws IOException {
        try (BerthdProcess own = BerthdProcess.start(
                "{\"default-ulimits\": {\"nofile\": {\"Name\": \"nofile\", \"Hard\": 2048, \"Soft\": 1024}}}")) {
            ok(own.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
            assertThat(ok(own.docker("run", "--rm", "busybox", "sh", "-c", "ulimit -n; ulimit -Hn")).out().lines().toList())
                    .containsExactly("1024", "2048");
            assertThat(ok(own.docker("run", "--rm", "--ulimit", "nofile=100:200", "busybox", "sh", "-c", "ulimit -n"))
                    .out().strip()).isEqualTo("100");
            ok(own.docker("create", "--name", "plain", "busybox", "true"));
            // the defaults are the daemon's, not the container's: inspect shows only its own (none: the []
            // the docker CLI sends), as dockerd
            assertThat(ok(own.docker("inspect", "-f", "{{json .HostConfig.Ulimits}}", "plain")).out().strip())
                    .isEqualTo("[]");
            own.removeAllContainers();
        }
    }

    /** A block device of this host, its /dev path and its numbers: a disk if there is one, else a loop device. */
    private static String[] blockDevice() throws IOException {
        try (var names = Files.list(Path.of("/sys/block"))) {
            var found = names.map(p -> p.getFileName().toString()).filter(n -> Files.exists(Path.of("/dev", n)))
                    .sorted((a, b) -> Boolean.compare(a.startsWith("loop") || a.startsWith("zram") || a.startsWith("ram"),
                            b.startsWith("loop") || b.startsWith("zram") || b.startsWith("ram")))
                    .findFirst().orElseThrow(() -> new AssertionError("no block device on this host"));
            return new String[] {"/dev/" + found, Files.readString(Path.of("/sys/block", found, "dev")).strip()};
        }
    }

    private static String capEff(String out) {
        return out.lines().filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow().split("\\s+")[1];
    }

    /** The capabilities berthd itself may give: a privileged container gets all of them. */
    private static long boundingSet() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("CapBnd:"))
                    .map(l -> Long.parseLong(l.split("\\s+")[1], 16)).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
