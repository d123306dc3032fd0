package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.spi.DriverContext;
import dev.berth.spi.runtime.RunResult;
import dev.berth.spi.runtime.RuntimeStatus;
import dev.berth.spi.runtime.RuntimeDriver;
import dev.berth.spi.runtime.RuntimeDriverContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runtime contract against real runc + conmon. Needs root (fails otherwise). */
class RuncRuntimeDriverIT extends RuntimeDriverContract {

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
    void removeLeftovers() throws Exception {
        createdIds().forEach(host::forget);
    }

    /** What the state files say agrees with {@code runc state} through a run, a pause and the exit. */
    @Test
    void stateFile_agreesWithRuncState_runningPausedExited() throws Exception {
        String id = newId();
        RunResult run = driver.start(spec(id, "sleep", "60"));
        var layout = new RuncLayout(host.dataRoot(), host.execRoot());
        var cli = new RuncCli(RuncRuntimeProvider.find("runc").orElseThrow(), layout.runcRoot());
        var files = new RuncStateFile(layout.runcRoot());
        assertThat(runcSays(cli, id)).isEqualTo("running");
        assertThat(files.running(id)).contains(new RuncCli.State("running", run.pid()));
        driver.pause(id);
        assertThat(runcSays(cli, id)).isEqualTo("paused");
        assertThat(files.running(id)).isEmpty();
        assertThat(driver.paused(id)).isTrue();
        driver.resume(id);
        assertThat(files.running(id)).contains(new RuncCli.State("running", run.pid()));
        assertThat(driver.paused(id)).isFalse();
        driver.kill(id, 9);
        assertThat(exits.await(id).exitCode()).isEqualTo(137);
        assertThat(files.running(id)).isEmpty();
        assertThat(driver.status(id)).isInstanceOf(RuntimeStatus.Exited.class);
    }

    private static String runcSays(RuncCli cli, String id) throws Exception {
        RuncCli.Result r = cli.run("state", id);
        assertThat(r.ok()).as(r.stderr()).isTrue();
        return new ObjectMapper().readTree(r.stdout()).path("status").asText();
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
