package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import dev.berth.daemon.plugins.RecordingNetworkProvider;
import dev.berth.daemon.plugins.ThrowingNetworkProvider;
import dev.berth.spi.network.NetworkProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Drivers from a plugin directory, as a third party ships them: a jar holding two network providers
 * (compiled against spi alone; berthd's classpath never holds this module's test classes) — one that
 * works ({@code recording}, which wires nothing and logs each call) and one whose create throws
 * ({@code broken}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180)
class PluginsIT {
    private BerthdProcess d;
    private Path pluginDir;

    @BeforeAll
    void startDaemon() throws IOException {
        pluginDir = Files.createTempDirectory("berth-it-plugins-");
        PluginsTest.writePluginJar(pluginDir.resolve("test-drivers.jar"), NetworkProvider.class,
                RecordingNetworkProvider.class, ThrowingNetworkProvider.class);
        // an unknown network driver is looked up as a Docker plugin for docker-plugin-timeout (dockerd's 30 s
        // by default): a second here, so each refusal below is quick
        d = BerthdProcess.start("{\"plugin-dir\": \"" + pluginDir + "\", \"docker-plugin-timeout\": 1}");
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
    }

    @AfterAll
    void stopDaemon() throws IOException {
        if (d != null) {
            d.removeAllContainers();
            d.docker("network", "rm", "rec1");
            d.close();
        }
        if (pluginDir != null) {
            BerthdProcess.run(Duration.ofSeconds(30), "rm", "-rf", pluginDir.toString());
        }
    }

    @Test
    void info_driverThatFailedToLoad_warnedWithReasonAndLeftOut() {
        Result info = ok(d.docker("info"));
        assertThat(info.all()).contains("WARNING: network driver \"" + ThrowingNetworkProvider.NAME
                + "\" is not available: " + ThrowingNetworkProvider.REASON);
        assertThat(ok(d.docker("info", "--format", "{{json .Plugins.Network}}")).out().strip())
                .isEqualTo("[\"bridge\",\"host\",\"macvlan\",\"null\",\"recording\"]");
        assertThat(ok(d.docker("info", "--format", "{{json .Runtimes}}")).out()).doesNotContain("broken");
    }

    @Test
    void serves_despiteTheBrokenDriver() {
        assertThat(ok(d.docker("run", "--rm", "busybox", "echo", "hi")).out()).isEqualTo("hi\n");
    }

    @Test
    void networkCreate_unknownOrBrokenDriver_dockerdsPluginNotFound() throws IOException {
        for (String driver : new String[] {"nosuch", ThrowingNetworkProvider.NAME}) {
            Result r = d.docker("network", "create", "-d", driver, "n-" + driver);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("Error response from daemon: plugin \"" + driver + "\" not found");
        }
        String raw = d.http("POST", "/v1.50/networks/create", "application/json",
                "{\"Name\": \"n-raw\", \"Driver\": \"nosuch\"}", Duration.ofSeconds(10));
        assertThat(raw).startsWith("HTTP/1.1 404");
        assertThat(lines(d.docker("network", "ls", "--format", "{{.Name}}"))).doesNotContain("n-nosuch", "n-broken",
                "n-raw");
    }

    @Test
    void networkOfAPluginDriver_usesThatDriverForCreateJoinLeaveRemove() throws IOException {
        String id = ok(d.docker("network", "create", "-d", RecordingNetworkProvider.NAME, "rec1")).out().strip();
        assertThat(ok(d.docker("network", "inspect", "-f", "{{.Driver}}", "rec1")).out().strip())
                .isEqualTo(RecordingNetworkProvider.NAME);
        assertThat(ok(d.docker("run", "--rm", "--network", "rec1", "busybox", "echo", "on rec1")).out())
                .isEqualTo("on rec1\n");
        ok(d.docker("network", "rm", "rec1"));

        String log = Files.readString(d.execRoot().resolve(RecordingNetworkProvider.LOG));
        assertThat(log.lines().filter(l -> l.contains(id)).map(l -> l.split(" ")[0]))
                .containsExactly("createNetwork", "join", "leave", "deleteNetwork");
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    private static List<String> lines(Result r) {
        return r.out().lines().filter(l -> !l.isBlank()).toList();
    }
}
