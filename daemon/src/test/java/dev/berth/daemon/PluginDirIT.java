package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * berthd over a plugin directory as a user fills it: the sample volume driver, two jars bundling
 * clashing versions of one class, a jar whose services entry names a missing class, one whose provider
 * throws in its constructor and one built for a newer spi major. Seen through {@code berth plugin ls},
 * {@code docker info} and {@code docker events}, before and after a restart that lost a jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240)
class PluginDirIT {
    private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();

    private BerthdProcess d;
    private Path pluginDir;
    private Path work;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        pluginDir = Files.createTempDirectory("berth-it-plugindir-");
        work = Files.createTempDirectory("berth-it-plugindir-build-");
        GeneratedPluginJars.writeAll(pluginDir, work);
        SamplePluginJar.writeTo(pluginDir.resolve("volume-sample.jar"));
        d = BerthdProcess.start("{\"plugin-dir\": \"" + pluginDir + "\"}");
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.removeAllContainers();
            d.docker("volume", "rm", "-f", "pd-clash");
            d.close();
        }
        for (Path p : new Path[] {pluginDir, work}) {
            if (p != null) {
                BerthdProcess.run(Duration.ofSeconds(30), "rm", "-rf", p.toString());
            }
        }
    }

    @Test
    @Order(1)
    void pluginLs_everyDriverWithTypeVersionSourceAndStatus_brokenOnesWithTheirReason() {
        List<String> rows = lines(ok(berth("plugin", "ls", "--format",
                "{{.Name}}|{{.Type}}|{{.Version}}|{{.Source}}|{{.Status}}")));
        assertThat(rows).contains(
                "local|volume|" + BuildInfo.VERSION + "|built-in|enabled",
                "bridge|network|" + BuildInfo.VERSION + "|built-in|enabled",
                "runc|runtime|" + BuildInfo.VERSION + "|built-in|enabled",
                GeneratedPluginJars.CLASH_A + "|volume|1.0.0|clash-a.jar|enabled",
                GeneratedPluginJars.CLASH_B + "|volume|2.0.0|clash-b.jar|enabled",
                "sample|volume||volume-sample.jar|enabled",
                "broken|volume||volume-sample.jar|failed: " + SamplePluginJar.BROKEN_REASON,
                "throwing.Provider|volume|0.2.0|throwing.jar|failed: " + GeneratedPluginJars.CONSTRUCTOR_REASON,
                GeneratedPluginJars.MISSING_PROVIDER + "|volume|0.1.0|broken-entry.jar|failed: "
                        + "dev.berth.spi.volume.VolumeProvider: Provider " + GeneratedPluginJars.MISSING_PROVIDER
                        + " not found",
                "future.jar|jar|3.0.0|future.jar|failed: built for Berth SPI 9.0.0, berthd provides 1.7.0 "
                        + "(another major version)");
        String table = ok(berth("plugin", "ls")).out();
        assertThat(table.lines().findFirst().orElseThrow()).matches("NAME +TYPE +VERSION +SOURCE +STATUS");
    }

    @Test
    @Order(2)
    void info_pluginVolumesListedRefusedJarWarned_andTheDaemonServes() {
        assertThat(ok(d.docker("info", "--format", "{{json .Plugins.Volume}}")).out().strip()).isEqualTo("[\""
                + GeneratedPluginJars.CLASH_A + "\",\"" + GeneratedPluginJars.CLASH_B + "\",\"local\",\"sample\"]");
        assertThat(ok(d.docker("info")).all()).contains(
                "WARNING: plugin jar \"future.jar\" is not loaded: built for Berth SPI 9.0.0, berthd provides 1.7.0",
                "WARNING: volume driver \"throwing.Provider\" is not available: "
                        + GeneratedPluginJars.CONSTRUCTOR_REASON + " (throwing.jar)");

        ok(d.docker("volume", "create", "-d", GeneratedPluginJars.CLASH_B, "pd-clash"));
        assertThat(ok(d.docker("run", "--rm", "-v", "pd-clash:/data", "busybox", "sh", "-c",
                "echo kept > /data/f && cat /data/f")).out()).isEqualTo("kept\n");
        ok(d.docker("volume", "rm", "pd-clash"));
    }

    @Test
    @Order(3)
    void events_loadsAndFailuresAsPluginEvents_aRestartJournalsOnlyWhatChanged() throws IOException {
        List<String> first = pluginEvents();
        assertThat(first).contains(
                "enable " + GeneratedPluginJars.CLASH_A + " volume clash-a.jar",
                "enable " + GeneratedPluginJars.CLASH_B + " volume clash-b.jar",
                "enable local volume built-in",
                "load_failure future.jar jar future.jar",
                "load_failure throwing.Provider volume throwing.jar");

        Files.delete(pluginDir.resolve("clash-a.jar"));
        d.restart();
        // the CLI sends --until 0s in whole seconds: an event of this second is after it, as with dockerd
        sleepPastThisSecond();
        List<String> after = pluginEvents();
        List<String> added = new ArrayList<>(after.subList(first.size(), after.size()));
        // the same plugins found again journal nothing; the lost jar's driver is disabled
        assertThat(added).containsExactly("disable " + GeneratedPluginJars.CLASH_A + " volume -");
        assertThat(ok(d.docker("events", "--since", "0", "--until", "0s", "--filter", "type=plugin", "--filter",
                "event=disable", "--format", "{{.Actor.Attributes.reason}}")).out().strip())
                .isEqualTo(PluginHistory.GONE);
        assertThat(lines(ok(berth("plugin", "ls", "--format", "{{.Name}}"))))
                .doesNotContain(GeneratedPluginJars.CLASH_A);
    }

    private static void sleepPastThisSecond() {
        try {
            Thread.sleep(1100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> pluginEvents() {
        return lines(ok(d.docker("events", "--since", "0", "--until", "0s", "--filter", "type=plugin", "--format",
                "{{.Action}} {{.Actor.ID}} {{.Actor.Attributes.type}} {{or .Actor.Attributes.source \"-\"}}")));
    }

    private Result berth(String... args) {
        List<String> cmd = new ArrayList<>(List.of(BERTH.toString(), "-H", d.host()));
        cmd.addAll(List.of(args));
        return BerthdProcess.run(Duration.ofSeconds(60), cmd.toArray(String[]::new));
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    private static List<String> lines(Result r) {
        return r.out().lines().filter(l -> !l.isBlank()).toList();
    }
}
