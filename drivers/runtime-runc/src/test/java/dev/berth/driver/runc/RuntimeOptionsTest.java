package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options that make the runc driver run another OCI runtime binary (daemon.json {@code runtimes}). */
class RuntimeOptionsTest {

    @Test
    void runtimeArgs_oneArgumentPerLine_blankLinesLeftOut() {
        assertThat(RuncRuntimeProvider.runtimeArgs("--debug\n\n--cgroup-manager=cgroupfs\n"))
                .containsExactly("--debug", "--cgroup-manager=cgroupfs");
        assertThat(RuncRuntimeProvider.runtimeArgs("")).isEmpty();
    }

    @Test
    void globalArgs_rootFirst_thenTheRuntimeArgs() {
        var cli = new RuncCli("crun", Path.of("/usr/bin/crun"), Path.of("/run/x/runc"), List.of("--debug"));
        assertThat(cli.name()).isEqualTo("crun");
        assertThat(cli.globalArgs()).containsExactly("--root=/run/x/runc", "--debug");
    }

    @Test
    void runtimeBinary_missingOrNotExecutable_unavailableNamingTheRuntime(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("fake"), "");
        assertThatThrownBy(() -> RuncRuntimeProvider.runtimeBinary("fast", file.toString()))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                .hasMessage("runtime fast: " + file + " is not an executable file");
        assertThatThrownBy(() -> RuncRuntimeProvider.runtimeBinary("fast", "no-such-runtime-binary"))
                .hasMessageStartingWith("runtime fast: no-such-runtime-binary not found on PATH");
        assertThat(RuncRuntimeProvider.runtimeBinary("sh", "sh").toString()).endsWith("/sh");
    }

    @Test
    void refuseHybridControllers_controllersLeftInCgroup2_sayWhatToDo(@TempDir Path dir) throws IOException {
        Path controllers = Files.writeString(dir.resolve("cgroup.controllers"), "hugetlb\n");
        assertThatThrownBy(() -> RuncRuntimeProvider.refuseHybridControllers("crun", controllers))
                .hasMessageContaining("runtime crun: crun refuses containers on hybrid cgroups")
                .hasMessageContaining("(hugetlb)")
                .hasMessageContaining("scripts/install-deps");
        Files.writeString(controllers, "\n");
        RuncRuntimeProvider.refuseHybridControllers("crun", controllers);
        RuncRuntimeProvider.refuseHybridControllers("crun", dir.resolve("absent"));
    }
}
