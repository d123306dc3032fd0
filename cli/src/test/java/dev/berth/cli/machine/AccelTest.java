package dev.berth.cli.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The accelerator choice against a stand-in /dev/kvm and /sys/module: the hosts this one is not. */
class AccelTest {
    @TempDir
    Path dir;

    @Test
    void kvmWhereTheDeviceIsUsableAndTheHardwareIsReal() throws IOException {
        Path kvm = Files.createFile(dir.resolve("kvm"));
        Files.createDirectories(dir.resolve("modules/kvm_intel"));
        assertThat(Accel.choose("Linux", kvm, dir.resolve("modules"))).isEqualTo(new Accel("kvm", "host", null));
    }

    @Test
    void pvmOnlyFallsBackToTcgWithAWarningSayingWhy() throws IOException {
        Path kvm = Files.createFile(dir.resolve("kvm"));
        Files.createDirectories(dir.resolve("modules/kvm_pvm"));
        Accel a = Accel.choose("Linux", kvm, dir.resolve("modules"));
        assertThat(a.name()).isEqualTo("tcg");
        assertThat(a.cpu()).isEqualTo("max");
        assertThat(a.warning()).startsWith("WARNING: ").contains("PVM (kvm_pvm)").contains("TCG");
    }

    @Test
    void pvmNextToRealKvmStillUsesKvm() throws IOException {
        Path kvm = Files.createFile(dir.resolve("kvm"));
        Files.createDirectories(dir.resolve("modules/kvm_pvm"));
        Files.createDirectories(dir.resolve("modules/kvm_amd"));
        assertThat(Accel.choose("Linux", kvm, dir.resolve("modules")).name()).isEqualTo("kvm");
    }

    @Test
    void noDeviceMeansTcgWithAWarning() {
        Accel a = Accel.choose("Linux", dir.resolve("kvm"), dir.resolve("modules"));
        assertThat(a.name()).isEqualTo("tcg");
        assertThat(a.warning()).contains(dir.resolve("kvm") + " does not exist");
    }

    @Test
    void macOsUsesHvfWhateverLinuxFilesExist() {
        assertThat(Accel.choose("Mac OS X", dir.resolve("kvm"), dir.resolve("modules")))
                .isEqualTo(new Accel("hvf", "host", null));
    }
}
