package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.ContainerSpec.NetworkMode;
import dev.berth.spi.runtime.ContainerSpec.NetworkSetup;
import dev.berth.spi.runtime.ExitStatus;
import dev.berth.spi.runtime.LogEntry;
import dev.berth.spi.runtime.LogStream;
import dev.berth.spi.runtime.RuntimeDriver;
import dev.berth.spi.runtime.RuntimeDriverContract.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the generated spec does inside a real container. Needs root (fails otherwise). */
class RuncContainerSpecIT {

    private static TestHost host;
    private static RuntimeDriver driver;
    private static final RecordingListener EXITS = new RecordingListener();

    @BeforeAll
    static void setUp() throws Exception {
        assertTrue(TestHost.usable(), "needs root, runc, conmon and /bin/busybox (scripts/install-deps)");
        host = TestHost.create();
        driver = host.driver(EXITS);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (driver != null) {
            driver.close();
        }
        if (host != null) {
            host.close();
        }
    }

    private static String newId() {
        return host.newId();
    }

    private static ContainerSpec spec(String id, String user, NetworkSetup net, ContainerSpec.Resources r, String script) {
        return new ContainerSpec(id, RuncLayout.bundleDir(host.dataRoot(), id), host.rootfs(), true,
                List.of("sh", "-c", script), List.of("FOO=bar"), "/", user, "box", "", net, List.of(), r, null,
                Map.of(), RuncLayout.logPath(host.dataRoot(), id));
    }

    /** Runs to the end and returns exit code and stdout. */
    private static String run(ContainerSpec spec, int expectedCode) throws Exception {
        driver.start(spec);
        ExitStatus exit = EXITS.await(spec.id());
        StringBuilder out = new StringBuilder();
        try (LogStream log = driver.openLog(spec.id(), false)) {
            LogEntry e;
            while ((e = log.poll(Duration.ofMillis(500))) != null) {
                out.append(new String(e.data(), StandardCharsets.UTF_8));
            }
        }
        assertThat(exit.exitCode()).as(out.toString()).isEqualTo(expectedCode);
        driver.delete(spec.id());
        return out.toString();
    }

    @Test
    void user_nameFromPasswd_idsAndSupplementaryGroups() throws Exception {
        String out = run(spec(newId(), "app", NetworkSetup.none(), null, "id"), 0);
        assertThat(out).contains("uid=1000", "gid=1000", "2000");
    }

    @Test
    void start_unknownUser_invalidArgument() {
        assertThatThrownBy(() -> driver.start(spec(newId(), "ghost", NetworkSetup.none(), null, "id")))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("unable to find user ghost");
    }

    @Test
    void etcFilesEnvAndReadonlyRoot_asDockerDoes() throws Exception {
        NetworkSetup net = new NetworkSetup(NetworkMode.NONE, null, List.of("9.9.9.9"), List.of(), List.of(),
                List.of("db:10.1.0.5"), List.of());
        String out = run(spec(newId(), "", net, null,
                "cat /etc/hostname /etc/hosts /etc/resolv.conf; echo HOST=$HOSTNAME FOO=$FOO; touch /x 2>/dev/null || echo RO"), 0);
        assertThat(out).contains("box\n", "127.0.0.1\tlocalhost", "10.1.0.5\tdb", "nameserver 9.9.9.9", "HOST=box FOO=bar", "RO");
    }

    @Test
    void security_seccompFilterAndDefaultCaps() throws Exception {
        String out = run(spec(newId(), "", NetworkSetup.none(), null,
                "grep -E '^(Seccomp|CapBnd|NoNewPrivs):' /proc/self/status"), 0);
        // 0x00000000a80425fb is Docker's 14 default capabilities
        assertThat(out).contains("Seccomp:\t2", "CapBnd:\t00000000a80425fb");
    }

    @Test
    void start_badExecutable_runcMessageAndInvalidArgument() {
        String id = newId();
        ContainerSpec s = new ContainerSpec(id, RuncLayout.bundleDir(host.dataRoot(), id), host.rootfs(), false,
                List.of("nosuchcmd"), List.of(), "/", "", "box", "", null, List.of(), null, null, Map.of(),
                RuncLayout.logPath(host.dataRoot(), id));
        assertThatThrownBy(() -> driver.start(s))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("nosuchcmd");
    }

    @Test
    void memoryLimit_exceeded_oomKilled() throws Exception {
        String id = newId();
        // 16 MiB limit; /dev/shm is a 64m tmpfs charged to the container's memory cgroup
        driver.start(spec(id, "", NetworkSetup.none(), new ContainerSpec.Resources(16L << 20, 16L << 20, 0, 0, 0),
                "cat /dev/zero | head -c 60000000 > /dev/shm/fill; sleep 1"));
        ExitStatus exit = EXITS.await(id);
        assertThat(exit.oomKilled()).as("exit " + exit).isTrue();
        driver.delete(id);
    }
}
