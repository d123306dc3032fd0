package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.spi.DriverContext;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.ExecCapable;
import dev.berth.spi.runtime.ExecCapableContract;
import dev.berth.spi.runtime.ExecSpec;
import dev.berth.spi.runtime.RuntimeDriver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The exec contract against real runc. Needs root (fails otherwise). */
class RuncExecIT extends ExecCapableContract {

    private static TestHost host;

    @BeforeAll
    static void setUpHost() throws Exception {
        assertTrue(TestHost.usable(), "needs root, runc, conmon and /bin/busybox (scripts/install-deps)");
        host = TestHost.create();
    }

    @AfterAll
    static void tearDownHost() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    @AfterEach
    void removeLeftovers() {
        createdIds().forEach(host::forget);
    }

    @Override
    protected RuntimeDriver createDriver() {
        return new RuncRuntimeProvider().create(
                new DriverContext(host.dataRoot(), host.execRoot(), host.options()));
    }

    @Override
    protected ContainerSpec spec(String id, String... args) {
        return new ContainerSpec(id, RuncLayout.bundleDir(host.dataRoot(), id), host.rootfs(), false, List.of(args),
                List.of(), "/", "", id.substring(0, 12), "", ContainerSpec.NetworkSetup.none(), List.of(),
                ContainerSpec.Resources.NONE, ContainerSpec.Security.DEFAULT, Map.of(),
                RuncLayout.logPath(host.dataRoot(), id));
    }

    @Test
    void exec_pausedContainer_isConflictWithDockersText() throws Exception {
        String id = "paused-" + Long.toHexString(System.nanoTime());
        RuntimeDriver d = createDriver();
        try {
            d.start(spec(id, "sleep", "600"));
            runc("pause", id);
            var spec = new ExecSpec(id, List.of("true"), List.of(), "", "", false, false, false, 0, 0);
            assertThatThrownBy(() -> ((ExecCapable) d).exec(spec))
                    .hasMessage("Container " + id + " is paused, unpause the container before exec");
            runc("resume", id);
        } finally {
            d.delete(id);
            d.close();
            host.forget(id);
        }
    }

    private static void runc(String... args) throws Exception {
        List<String> cmd = host.runtimeCommand(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
