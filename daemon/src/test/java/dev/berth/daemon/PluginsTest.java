package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.daemon.plugins.BrokenRuntimeProvider;
import dev.berth.daemon.plugins.JarOnlyNetworkProvider;
import dev.berth.daemon.plugins.RecordingNetworkProvider;
import dev.berth.daemon.plugins.ThrowingNetworkProvider;
import dev.berth.daemon.plugins.UnavailableNetworkProvider;
import dev.berth.daemon.plugins.UnloadableNetworkProvider;
import dev.berth.spi.DriverContext;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkProvider;
import dev.berth.spi.volume.VolumeDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Driver discovery over the test providers registered in this module's test
 * {@code META-INF/services}: one that works, one whose create throws, one that reports itself
 * unavailable, one that cannot be instantiated, one listed but missing, a name taken twice and a
 * built-in name. The real {@code bridge} provider is on this classpath too; these tests say nothing
 * about it (whether it runs depends on root).
 */
class PluginsTest {
    @TempDir
    Path tmp;

    private Map<String, NetworkDriver> made = Map.of();

    @AfterEach
    void closeDrivers() {
        made.values().forEach(NetworkDriver::close);
    }

    private DriverContext context() {
        return new DriverContext(tmp.resolve("data"), tmp.resolve("exec"), Map.of());
    }

    @Test
    void networks_everyProviderFound_workingOnesByNameOthersReportedWithReason() {
        Plugins plugins = new Plugins(tmp.resolve("no-plugin-dir"));
        made = plugins.networks(context());

        assertThat(made).containsKey(RecordingNetworkProvider.NAME)
                .doesNotContainKeys(ThrowingNetworkProvider.NAME, "unavailable", "unloadable", "host");
        assertThat(made.get(RecordingNetworkProvider.NAME).name()).isEqualTo(RecordingNetworkProvider.NAME);
        assertThat(plugins.unavailable()).extracting(Plugins.Unavailable::warning).contains(
                "WARNING: network driver \"broken\" is not available: " + ThrowingNetworkProvider.REASON,
                "WARNING: network driver \"unavailable\" is not available: " + UnavailableNetworkProvider.REASON);
        assertThat(plugins.unavailable()).anySatisfy(u -> {
            assertThat(u.name()).isEqualTo(UnloadableNetworkProvider.class.getName());
            assertThat(u.reason()).isEqualTo(UnloadableNetworkProvider.REASON);
        });
        assertThat(plugins.unavailable()).anySatisfy(u -> {
            assertThat(u.name()).isEqualTo("dev.berth.daemon.plugins.NoSuchNetworkProvider");
            assertThat(u.reason()).contains("not found");
        });
        assertThat(plugins.unavailable()).anySatisfy(u -> {
            assertThat(u.name()).isEqualTo(RecordingNetworkProvider.NAME);
            assertThat(u.reason()).contains("another provider has this name");
        });
        assertThat(plugins.unavailable()).anySatisfy(u -> {
            assertThat(u.name()).isEqualTo("host");
            assertThat(u.reason()).contains("built in");
        });
        assertThat(plugins.unavailable()).allSatisfy(u -> assertThat(u.type()).isEqualTo("network"));
    }

    @Test
    void networks_jarInPluginDir_itsProvidersFoundToo() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("plugins"));
        writePluginJar(dir.resolve("fromjar.jar"), NetworkProvider.class, JarOnlyNetworkProvider.class);
        Plugins plugins = new Plugins(dir);
        made = plugins.networks(context());
        assertThat(made).containsKeys("fromjar", RecordingNetworkProvider.NAME);

        made.values().forEach(NetworkDriver::close);
        made = new Plugins(tmp.resolve("empty")).networks(context());
        assertThat(made).doesNotContainKey("fromjar");
    }

    @Test
    void runtime_toldToUseOneThatCannotRun_throwsWithReasonAndReports() {
        Plugins plugins = new Plugins(tmp.resolve("no-plugin-dir"));
        assertThatThrownBy(() -> plugins.runtime("brokenrt", context()))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                .hasMessage(BrokenRuntimeProvider.REASON);
        assertThat(plugins.unavailable()).extracting(Plugins.Unavailable::warning)
                .contains("WARNING: runtime driver \"brokenrt\" is not available: " + BrokenRuntimeProvider.REASON);
    }

    @Test
    void runtime_unknownName_invalidNamingWhatWasFound() {
        assertThatThrownBy(() -> new Plugins(tmp.resolve("no-plugin-dir")).runtime("nosuch", context()))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("unknown runtime: nosuch")
                .hasMessageContaining("brokenrt");
    }

    @Test
    void network_oneByName_unknownIsDockerdsPluginNotFound() {
        assertThatThrownBy(() -> new Plugins(tmp.resolve("no-plugin-dir")).network("nosuch", context()))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("plugin \"nosuch\" not found");
    }

    @Test
    void volumes_thirdPartyJarInPluginDir_sampleMadeBrokenReportedWithReason() throws IOException {
        Path dir = tmp.resolve("plugins");
        SamplePluginJar.writeTo(dir.resolve("volume-sample.jar"));
        Plugins plugins = new Plugins(dir);
        Map<String, VolumeDriver> volumes = plugins.volumes(context());
        try {
            assertThat(volumes).containsOnlyKeys("local", SamplePluginJar.SAMPLE);
            VolumeDriver sample = volumes.get(SamplePluginJar.SAMPLE);
            sample.create("v1", Map.of());
            assertThat(sample.mount("v1", "c1").resolve(SamplePluginJar.MARKER)).isRegularFile();
            assertThat(sample.getClass().getClassLoader()).isNotSameAs(PluginsTest.class.getClassLoader());
        } finally {
            volumes.values().forEach(VolumeDriver::close);
        }
        assertThat(plugins.unavailable()).extracting(Plugins.Unavailable::warning).containsExactly(
                "WARNING: volume driver \"broken\" is not available: " + SamplePluginJar.BROKEN_REASON
                        + " (volume-sample.jar)");

        Plugins without = new Plugins(tmp.resolve("empty"));
        Map<String, VolumeDriver> plain = without.volumes(context());
        plain.values().forEach(VolumeDriver::close);
        assertThat(plain).containsOnlyKeys("local");
        assertThat(without.unavailable()).isEmpty();
    }

    @Test
    void volumes_jarsWithClashingClasses_eachSeesItsOwnAndNotTheDaemon() throws IOException {
        Path dir = tmp.resolve("plugins");
        GeneratedPluginJars.writeAll(dir, tmp.resolve("build"));
        Plugins plugins = new Plugins(dir);
        Map<String, VolumeDriver> volumes = plugins.volumes(context());
        try {
            // one shared loader would give both the first jar's clash.Shared ("v1") and the daemon's classes
            assertThat(volumes).containsOnlyKeys("local", GeneratedPluginJars.CLASH_A, GeneratedPluginJars.CLASH_B);
            VolumeDriver b = volumes.get(GeneratedPluginJars.CLASH_B);
            b.create("v1", Map.of());
            assertThat(b.mount("v1", "c1")).isDirectory();
        } finally {
            volumes.values().forEach(VolumeDriver::close);
        }
        assertThat(plugins.found()).contains(
                new Plugins.Found("volume", "local", BuildInfo.VERSION, Plugins.BUILT_IN, "enabled", null),
                new Plugins.Found("volume", GeneratedPluginJars.CLASH_A, "1.0.0", "clash-a.jar", "enabled", null),
                new Plugins.Found("volume", GeneratedPluginJars.CLASH_B, "2.0.0", "clash-b.jar", "enabled", null));
    }

    @Test
    void volumes_brokenJars_eachListedWithItsReasonTheOthersStillLoaded() throws IOException {
        Path dir = tmp.resolve("plugins");
        GeneratedPluginJars.writeAll(dir, tmp.resolve("build"));
        Plugins plugins = new Plugins(dir);
        plugins.volumes(context()).values().forEach(VolumeDriver::close);

        assertThat(plugins.found()).filteredOn(f -> f.status().equals("failed")).containsExactlyInAnyOrder(
                new Plugins.Found("volume", GeneratedPluginJars.MISSING_PROVIDER, "0.1.0", "broken-entry.jar", "failed",
                        "dev.berth.spi.volume.VolumeProvider: Provider " + GeneratedPluginJars.MISSING_PROVIDER
                                + " not found"),
                new Plugins.Found("volume", "throwing.Provider", "0.2.0", "throwing.jar", "failed",
                        GeneratedPluginJars.CONSTRUCTOR_REASON),
                new Plugins.Found("jar", "future.jar", "3.0.0", "future.jar", "failed",
                        "built for Berth SPI 9.0.0, berthd provides 1.7.0 (another major version)"));
        assertThat(plugins.unavailable()).extracting(Plugins.Unavailable::warning).contains(
                "WARNING: plugin jar \"future.jar\" is not loaded: built for Berth SPI 9.0.0, berthd provides 1.7.0 "
                        + "(another major version)",
                "WARNING: volume driver \"throwing.Provider\" is not available: "
                        + GeneratedPluginJars.CONSTRUCTOR_REASON + " (throwing.jar)");
    }

    /**
     * A plugin jar: the provider classes (copied from this module's test classes) and a services file
     * listing them under {@code service}.
     */
    static void writePluginJar(Path jar, Class<?> service, Class<?>... providers) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/services/" + service.getName()));
            StringBuilder names = new StringBuilder();
            for (Class<?> p : providers) {
                names.append(p.getName()).append('\n');
            }
            out.write(names.toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            for (Class<?> p : providers) {
                copyClass(out, p);
            }
            // what the recording providers make
            copyClass(out, Class.forName(RecordingNetworkProvider.class.getPackageName() + ".RecordingNetworkDriver",
                    false, PluginsTest.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyClass(JarOutputStream out, Class<?> c) throws IOException {
        String entry = c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IOException("class file not found: " + entry);
            }
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}
