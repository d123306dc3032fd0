package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainOptionsTest {
    @TempDir
    Path tmp;

    private DaemonOptions parse(String... args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        return main.options();
    }

    @Test
    void options_noFlagsNoFile_dockerdStyleDefaults() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{}");
        DaemonOptions o = parse("--config-file", file.toString());
        assertThat(o.hosts()).containsExactly("unix:///run/berth/berth.sock");
        assertThat(o.dataRoot()).isEqualTo(Path.of("/var/lib/berth"));
        assertThat(o.execRoot()).isEqualTo(Path.of("/run/berth"));
        assertThat(o.pidfile()).isEqualTo(Path.of("/run/berth/berthd.pid"));
        assertThat(o.logLevel()).isEqualTo("info");
    }

    @Test
    void options_fileKeys_useDockerdNames() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{\"data-root\": \"/srv/berth\", \"hosts\": [\"tcp://127.0.0.1:2375\"],"
                + " \"log-level\": \"debug\", \"max-concurrent-downloads\": 5}");
        DaemonOptions o = parse("--config-file", file.toString(), "--exec-root", "/run/b2");
        assertThat(o.dataRoot()).isEqualTo(Path.of("/srv/berth"));
        assertThat(o.execRoot()).isEqualTo(Path.of("/run/b2"));
        assertThat(o.hosts()).isEqualTo(List.of("tcp://127.0.0.1:2375"));
        assertThat(o.logLevel()).isEqualTo("debug");
        assertThat(o.options()).containsEntry("max-concurrent-downloads", 5);
    }

    @Test
    void options_sameKeyAsFlagAndInFile_refusedLikeDockerd() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{\"data-root\": \"/srv/berth\"}");
        assertThatThrownBy(() -> parse("--config-file", file.toString(), "--data-root", "/other"))
                .hasMessageContaining("specified both as a flag and in the configuration file")
                .hasMessageContaining("data-root");
    }

    @Test
    void options_unknownKeyInFile_refused() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{\"no-such-thing\": 1}");
        assertThatThrownBy(() -> parse("--config-file", file.toString()))
                .hasMessageContaining("don't match any configuration option: no-such-thing");
    }

    @Test
    void options_explicitMissingFile_refused() {
        assertThatThrownBy(() -> parse("--config-file", tmp.resolve("nope.json").toString()))
                .hasMessageContaining("no such file or directory");
    }

    @Test
    void options_malformedFile_refusedWithReason() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{\"data-root\": ");
        assertThatThrownBy(() -> parse("--config-file", file.toString()))
                .hasMessageContaining("unable to configure the Docker daemon with file");
    }
}
