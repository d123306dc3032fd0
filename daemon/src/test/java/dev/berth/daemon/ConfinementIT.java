package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #12 item 5: what a process inside a default container may not do, seen from inside it with
 * the real {@code docker} CLI, against Docker's defaults (moby's {@code oci.DefaultSpec} and its
 * default seccomp profile), and what {@code --privileged} and {@code no-new-privileges} change.
 *
 * <p>busybox has {@code mount} and {@code unshare} but no {@code keyctl}, and no program that shows
 * a setuid gain: a tiny static C probe, compiled here with gcc, makes the keyctl(2) call and prints
 * its effective uid.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300)
class ConfinementIT {
    /** Docker's default capability set as /proc/PID/status prints it (moby's {@code caps.DefaultCapabilities}). */
    private static final String DOCKER_DEFAULT_CAP_EFF = "00000000a80425fb";
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;

    private static final List<String> MASKED = List.of("/proc/asound", "/proc/acpi", "/proc/interrupts",
            "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
            "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");
    private static final List<String> READONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    private static final String PROBE_C = """
            #include <errno.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/syscall.h>
            #include <unistd.h>
            int main(int argc, char **argv) {
                if (argc > 1 && strcmp(argv[1], "keyctl") == 0) {
                    /* KEYCTL_GET_KEYRING_ID (0) of KEY_SPEC_SESSION_KEYRING (-3), creating it */
                    long r = syscall(SYS_keyctl, 0, -3, 1);
                    if (r < 0) { printf("keyctl: %s\\n", strerror(errno)); return 1; }
                    printf("keyctl: ok\\n");
                    return 0;
                }
                printf("euid=%d\\n", (int) geteuid());
                return 0;
            }
            """;

    private BerthdProcess d;
    private Path work;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        work = Files.createTempDirectory("berth-confinement-");
        Path source = work.resolve("probe.c");
        Files.writeString(source, PROBE_C);
        Path probe = work.resolve("probe");
        ok(BerthdProcess.run(Duration.ofSeconds(120), "gcc", "-static", "-O2", "-o", probe.toString(),
                source.toString()));
        // the image: busybox plus the probe, setuid root (root:root 4755 as this root test writes it)
        Path image = work.resolve("confine.tar");
        Files.copy(BerthdProcess.busyboxTar(), image);
        Path extra = Files.createDirectories(work.resolve("extra/bin"));
        Files.copy(probe, extra.resolve("probe"));
        ok(BerthdProcess.run(Duration.ofSeconds(10), "chmod", "4755", extra.resolve("probe").toString()));
        ok(BerthdProcess.run(Duration.ofSeconds(30), "tar", "-rf", image.toString(), "-C",
                work.resolve("extra").toString(), "./bin/probe"));
        d = BerthdProcess.start();
        ok(d.docker("import", image.toString(), "confine"));
    }

    @AfterAll
    void stopDaemon() throws IOException {
        if (d != null) {
            d.close();
        }
        if (work != null) {
            BerthdProcess.run(Duration.ofSeconds(30), "rm", "-rf", work.toString());
        }
    }

    @AfterEach
    void removeContainers() {
        if (d != null && d.isAlive()) {
            d.removeAllContainers();
        }
    }

    @Test
    void mount_isRefused_butPrivilegedMounts() {
        Result denied = d.docker("run", "--rm", "confine", "busybox", "mount", "-t", "tmpfs", "none", "/tmp");
        assertThat(denied.exitCode()).as(denied.toString()).isNotZero();
        assertThat(denied.all()).containsIgnoringCase("permission denied");
        ok(d.docker("run", "--rm", "--privileged", "confine", "busybox", "mount", "-t", "tmpfs", "none", "/tmp"));
    }

    @Test
    void capabilities_areDockersDefaultSet_withoutSysAdminOrNetAdmin_privilegedHasThem() {
        long eff = capEff(ok(d.docker("run", "--rm", "confine", "cat", "/proc/self/status")).out());
        assertThat(String.format("%016x", eff)).isEqualTo(DOCKER_DEFAULT_CAP_EFF);
        assertThat(eff & (1L << CAP_SYS_ADMIN)).as("CAP_SYS_ADMIN").isZero();
        assertThat(eff & (1L << CAP_NET_ADMIN)).as("CAP_NET_ADMIN").isZero();

        long privileged = capEff(ok(d.docker("run", "--rm", "--privileged", "confine", "cat",
                "/proc/self/status")).out());
        assertThat(privileged & (1L << CAP_SYS_ADMIN)).as("CAP_SYS_ADMIN when privileged").isNotZero();
        assertThat(privileged & (1L << CAP_NET_ADMIN)).as("CAP_NET_ADMIN when privileged").isNotZero();
    }

    @Test
    void seccomp_blocksUnshareAndKeyctl_unconfinedAndPrivilegedAllowThem() {
        // a user namespace needs no capability: only seccomp stands in the way
        Result unshare = d.docker("run", "--rm", "confine", "busybox", "unshare", "-U", "true");
        assertThat(unshare.exitCode()).as(unshare.toString()).isNotZero();
        assertThat(unshare.all()).contains("Operation not permitted");
        Result keyctl = d.docker("run", "--rm", "confine", "/bin/probe", "keyctl");
        assertThat(keyctl.exitCode()).as(keyctl.toString()).isNotZero();
        assertThat(keyctl.out()).contains("keyctl: Operation not permitted");

        ok(d.docker("run", "--rm", "--security-opt", "seccomp=unconfined", "confine", "busybox", "unshare", "-U",
                "true"));
        assertThat(ok(d.docker("run", "--rm", "--security-opt", "seccomp=unconfined", "confine", "/bin/probe",
                "keyctl")).out()).contains("keyctl: ok");
        assertThat(ok(d.docker("run", "--rm", "--privileged", "confine", "/bin/probe", "keyctl")).out())
                .contains("keyctl: ok");
    }

    @Test
    void maskedPaths_areEmptyOrDevNull_asDockersDefaults_privilegedSeesThem() throws IOException {
        Map<String, String> seen = pathKinds(false);
        for (String path : MASKED) {
            String kind = seen.get(path);
            if (!Files.exists(Path.of(path))) {
                assertThat(kind).as(path + " (absent on this host)").isEqualTo("absent");
            } else if (Files.isDirectory(Path.of(path))) {
                assertThat(kind).as(path + ": an empty read-only tmpfs").isEqualTo("dir 0");
            } else {
                assertThat(kind).as(path + ": /dev/null bound over it").isEqualTo("chr 1:3");
            }
        }
        // this host's kernel may have no /proc/kcore (a Firecracker guest has none): /proc/keys stands for the files
        Map<String, String> privileged = pathKinds(true);
        assertThat(privileged.get("/proc/keys")).as("/proc/keys when privileged").isEqualTo("file");
        assertThat(privileged.get("/sys/firmware")).as("/sys/firmware when privileged").isNotEqualTo("dir 0");
    }

    @Test
    void readonlyPaths_andProcSys_areReadOnly_privilegedWritable() {
        Result write = d.docker("run", "--rm", "confine", "sh", "-c", "echo 1 > /proc/sys/vm/drop_caches");
        assertThat(write.exitCode()).as(write.toString()).isNotZero();
        assertThat(write.all()).contains("Read-only file system");
        Map<String, String> options = mountOptions(false);
        for (String path : READONLY) {
            if (Files.exists(Path.of(path))) {
                assertThat(options.get(path)).as(path + " mount options").startsWith("ro");
            }
        }
        assertThat(mountOptions(true).get("/proc/sys")).as("/proc/sys when privileged").isNull();
    }

    @Test
    void noNewPrivileges_keepsASetuidProgramFromGainingRoot() {
        assertThat(ok(d.docker("run", "--rm", "-u", "65534", "confine", "/bin/probe")).out().strip())
                .as("setuid root works without no-new-privileges").isEqualTo("euid=0");
        assertThat(ok(d.docker("run", "--rm", "-u", "65534", "--security-opt", "no-new-privileges", "confine",
                "/bin/probe")).out().strip()).isEqualTo("euid=65534");
        assertThat(ok(d.docker("run", "--rm", "-u", "65534", "--security-opt", "no-new-privileges:true", "confine",
                "sh", "-c", "grep NoNewPrivs /proc/self/status")).out()).containsPattern("NoNewPrivs:\\s+1");
    }

    /** Each masked path as the container sees it: "dir N" (N entries), "chr MAJ:MIN", "file", "absent". */
    private Map<String, String> pathKinds(boolean privileged) {
        StringBuilder script = new StringBuilder();
        for (String p : MASKED) {
            script.append("p=").append(p).append("; if [ -d $p ]; then echo \"$p dir $(ls -A $p | busybox wc -l)\";")
                    .append(" elif [ -c $p ]; then echo \"$p chr $(busybox stat -c %t:%T $p)\";")
                    .append(" elif [ -e $p ]; then echo \"$p file\"; else echo \"$p absent\"; fi\n");
        }
        List<String> args = new ArrayList<>(List.of("run", "--rm"));
        if (privileged) {
            args.add("--privileged");
        }
        args.addAll(List.of("confine", "sh", "-c", script.toString()));
        Map<String, String> out = new TreeMap<>();
        for (String line : ok(d.docker(args.toArray(String[]::new))).out().lines().toList()) {
            int sp = line.indexOf(' ');
            out.put(line.substring(0, sp), line.substring(sp + 1).strip());
        }
        return out;
    }

    /** Mount point → its per-mount options, from the container's /proc/self/mountinfo (the last mount wins). */
    private Map<String, String> mountOptions(boolean privileged) {
        List<String> args = new ArrayList<>(List.of("run", "--rm"));
        if (privileged) {
            args.add("--privileged");
        }
        args.addAll(List.of("confine", "cat", "/proc/self/mountinfo"));
        Map<String, String> out = new TreeMap<>();
        for (String line : ok(d.docker(args.toArray(String[]::new))).out().lines().toList()) {
            String[] f = line.split(" ");
            out.put(f[4], f[5]);
        }
        return out;
    }

    private static long capEff(String status) {
        return status.lines().filter(l -> l.startsWith("CapEff:")).map(l -> Long.parseUnsignedLong(
                l.substring("CapEff:".length()).strip(), 16)).findFirst().orElseThrow();
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
