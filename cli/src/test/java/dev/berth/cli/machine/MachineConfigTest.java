package dev.berth.cli.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineConfigTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsThroughConfigJson() throws IOException {
        MachineConfig cfg = new MachineConfig("dev", 2, 2048, 20,
                List.of(MachineConfig.Volume.parse("/src"), MachineConfig.Volume.parse("/home/me:/work")), "abc123",
                "2026-12-03T00:00:00Z");
        cfg.write(dir);
        assertThat(MachineConfig.read(dir)).isEqualTo(cfg);
        assertThat(cfg.volumes().get(0)).isEqualTo(new MachineConfig.Volume("/src", "/src"));
        assertThat(cfg.volumes().get(1)).isEqualTo(new MachineConfig.Volume("/home/me", "/work"));
    }

    @Test
    void refusesWhatCannotBoot() {
        assertThatThrownBy(() -> new MachineConfig("dev", 0, 2048, 20, List.of(), "k", "t"))
                .hasMessageContaining("--cpus");
        assertThatThrownBy(() -> new MachineConfig("dev", 1, 100, 20, List.of(), "k", "t"))
                .hasMessageContaining("--memory must be at least 512");
        assertThatThrownBy(() -> new MachineConfig("dev", 1, 1024, 1, List.of(), "k", "t"))
                .hasMessageContaining("--disk-size must be at least 4");
        assertThatThrownBy(() -> new MachineConfig("../x", 1, 1024, 8, List.of(), "k", "t"))
                .hasMessageContaining("invalid machine name");
        assertThatThrownBy(() -> MachineConfig.Volume.parse("/a:relative")).hasMessageContaining("must be absolute");
    }
}
