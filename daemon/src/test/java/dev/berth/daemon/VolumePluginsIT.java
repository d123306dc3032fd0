package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * berthd with the third-party volume driver jar ({@code test-plugins/volume-sample}) in its plugin
 * directory: {@code docker info} lists {@code local} and {@code sample}, warns about {@code broken}
 * with its reason, and berthd serves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180)
class VolumePluginsIT {
    private BerthdProcess d;
    private Path pluginDir;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        pluginDir = Files.createTempDirectory("berth-it-volume-plugins-");
        SamplePluginJar.writeTo(pluginDir.resolve("volume-sample.jar"));
        d = BerthdProcess.start("{\"plugin-dir\": \"" + pluginDir + "\"}");
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.removeAllContainers();
            d.close();
        }
        if (pluginDir != null) {
            BerthdProcess.run(Duration.ofSeconds(30), "rm", "-rf", pluginDir.toString());
        }
    }

    @Test
    void info_volumeDriversFromThePluginDir_listedBrokenOneWarned() {
        assertThat(ok(d.docker("info", "--format", "{{json .Plugins.Volume}}")).out().strip())
                .isEqualTo("[\"local\",\"sample\"]");
        Result info = ok(d.docker("info"));
        assertThat(info.out()).contains("Volume: local sample");
        assertThat(info.all()).contains("WARNING: volume driver \"" + SamplePluginJar.BROKEN
                + "\" is not available: " + SamplePluginJar.BROKEN_REASON);
    }

    @Test
    void serves_despiteTheBrokenDriver() {
        assertThat(ok(d.docker("run", "--rm", "busybox", "echo", "hi")).out()).isEqualTo("hi\n");
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
