package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped unit passes systemd's own checks (systemd-analyze, which scripts/install-deps installs). */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("..", "packaging", "systemd", "berth.service");

    @Test
    void unit_keepsContainersAlive_killModeProcess() throws Exception {
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("KillMode=process").contains("ExecStart=/opt/berth/bin/berthd");
    }

    @Test
    void unit_systemdAnalyzeVerify_noComplaints(@TempDir Path tmp) throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")),
                "systemd-analyze not installed (package systemd; scripts/install-deps installs it)");
        Path berthd = Path.of("..", "bin", "berthd").toAbsolutePath().normalize();
        Path unit = tmp.resolve("berth.service");
        Files.writeString(unit, Files.readString(UNIT).replace("/opt/berth/bin/berthd", berthd.toString()));
        Process p = new ProcessBuilder("systemd-analyze", "verify", unit.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).doesNotContain(unit.getFileName().toString());
    }
}
