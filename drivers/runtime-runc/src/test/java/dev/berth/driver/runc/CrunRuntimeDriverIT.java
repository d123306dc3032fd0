package dev.berth.driver.runc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.spi.DriverContext;
import dev.berth.spi.runtime.RuntimeDriver;
import dev.berth.spi.runtime.RuntimeDriverContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The runtime contract against real crun + conmon: the same driver as runc's, given crun's binary
 * (daemon.json {@code runtimes}). Needs root and crun (fails otherwise).
 */
class CrunRuntimeDriverIT extends RuntimeDriverContract {

    private static TestHost host;

    @BeforeAll
    static void setUpHost() throws Exception {
        assertTrue(TestHost.usable(), "needs root, runc, conmon and /bin/busybox (scripts/install-deps)");
        host = TestHost.create("crun");
        assertTrue(host.runtimeInstalled(), "needs crun (scripts/install-deps)");
    }

    @AfterAll
    static void tearDownHost() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    @AfterEach
    void removeLeftovers() throws Exception {
        createdIds().forEach(host::forget);
    }

    @Override
    protected RuntimeDriver createDriver() {
        return new RuncRuntimeProvider().create(
                new DriverContext(host.dataRoot(), host.execRoot(), host.options()));
    }

    @Override
    protected Path rootfs(String id) {
        return host.rootfs();
    }

    @Override
    protected Path bundleDir(String id) {
        return RuncLayout.bundleDir(host.dataRoot(), id);
    }

    @Override
    protected Path logPath(String id) {
        return RuncLayout.logPath(host.dataRoot(), id);
    }
}
