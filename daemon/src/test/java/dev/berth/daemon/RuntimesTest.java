package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.DriverContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** daemon.json's {@code runtimes}, {@code --add-runtime} and {@code default-runtime}. */
class RuntimesTest {
    @TempDir
    Path tmp;

    private DaemonOptions read(String json) throws IOException {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, json);
        return DaemonOptions.from(DaemonConfig.read(file, true));
    }

    @Test
    void daemonJson_runtimes_pathAndArgs_andTheDefault() throws Exception {
        DaemonOptions o = read("""
                {"runtimes": {"crun": {"path": "/usr/bin/crun", "runtimeArgs": ["--debug"]}, "fast": {"path": "crun"}},
                 "default-runtime": "crun"}""");
        assertThat(o.runtime()).isEqualTo("crun");
        assertThat(o.runtimes()).containsOnly(
                Map.entry("crun", new Runtimes.Binary("/usr/bin/crun", List.of("--debug"))),
                Map.entry("fast", new Runtimes.Binary("crun", List.of())));
    }

    @Test
    void daemonJson_noRuntimes_runcAlone() throws Exception {
        DaemonOptions o = read("{}");
        assertThat(o.runtime()).isEqualTo("runc");
        assertThat(o.runtimes()).isEmpty();
    }

    @Test
    void daemonJson_runcOrShimSettings_refusedByName() {
        assertThatThrownBy(() -> read("{\"runtimes\": {\"runc\": {\"path\": \"/usr/bin/crun\"}}}"))
                .hasMessageContaining("runtime name 'runc' is reserved");
        assertThatThrownBy(() -> read("{\"runtimes\": {\"kata\": {\"runtimeType\": \"io.containerd.kata.v2\"}}}"))
                .hasMessageContaining("runtimes.kata: runtimeType and options (containerd shims) are not supported by Berth yet");
        assertThatThrownBy(() -> read("{\"runtimes\": {\"crun\": {}}}"))
                .hasMessageContaining("runtimes.crun: path is required");
        assertThatThrownBy(() -> read("{\"runtimes\": {\"../x\": {\"path\": \"/usr/bin/crun\"}}}"))
                .hasMessageContaining("invalid runtime name '../x'");
    }

    @Test
    void addRuntime_flags_asDaemonJsonsRuntimes_andNotBothWays() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{}");
        var main = new Main();
        new picocli.CommandLine(main).parseArgs("--config-file", file.toString(), "--add-runtime", "crun=/usr/bin/crun",
                "--default-runtime", "crun");
        DaemonOptions o = main.options();
        assertThat(o.runtimes()).containsOnly(Map.entry("crun", new Runtimes.Binary("/usr/bin/crun", List.of())));
        assertThat(o.runtime()).isEqualTo("crun");

        Files.writeString(file, "{\"runtimes\": {\"crun\": {\"path\": \"/usr/bin/crun\"}}}");
        var both = new Main();
        new picocli.CommandLine(both).parseArgs("--config-file", file.toString(), "--add-runtime", "crun=/usr/bin/crun");
        assertThatThrownBy(both::options).hasMessageContaining("specified both as a flag and in the configuration file: runtimes");
        assertThatThrownBy(() -> Runtimes.fromFlags(List.of("crun"))).hasMessageContaining("expected NAME=PATH");
    }

    @Test
    void contextFor_ownExecRoot_andTheBinaryAsOptions() {
        var base = new DriverContext(Path.of("/var/lib/berth"), Path.of("/run/berth"), Map.of("cgroup-parent", "x"));
        DriverContext c = Runtimes.contextFor(base, "crun", new Runtimes.Binary("/usr/bin/crun", List.of("--a", "--b")));
        assertThat(c.execRoot()).isEqualTo(Path.of("/run/berth/runtimes/crun"));
        assertThat(c.dataRoot()).isEqualTo(base.dataRoot());
        assertThat(c.options()).containsEntry("cgroup-parent", "x").containsEntry("runtime-name", "crun")
                .containsEntry("runtime-path", "/usr/bin/crun").containsEntry("runtime-args", "--a\n--b");
    }
}
