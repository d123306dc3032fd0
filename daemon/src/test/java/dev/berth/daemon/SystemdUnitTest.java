package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped unit passes systemd's own checks, where systemd-analyze exists. */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("..", "packaging", "systemd", "berth.service");

    @Test
    void unit_keepsContainersAlive_killModeProcess() throws Exception {
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("KillMode=process").contains("ExecStart=/opt/berth/bin/berthd");
    }

    @Test
    void unit_systemdAnalyzeVerify_noComplaints(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze not installed");
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
