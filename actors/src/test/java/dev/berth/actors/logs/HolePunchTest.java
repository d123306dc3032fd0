package dev.berth.actors.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HolePunchTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    /** Blocks the file uses, as {@code stat -c %b} counts them (512 bytes each). */
    private static long blocks(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("stat", "-c", "%b", file.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(p.waitFor()).isZero();
        return Long.parseLong(out);
    }

    @Test
    void linux_punch_freesTheRangeKeepsSizeAndTheRest() throws Exception {
        Path file = dir.resolve("capture");
        byte[] data = new byte[4 * MIB];
        Arrays.fill(data, (byte) 'x');
        Files.write(file, data);
        long before = blocks(file);

        assertThat(HolePunch.linux().punch(file, 0, 2 * MIB)).isTrue();

        assertThat(Files.size(file)).isEqualTo(4L * MIB);
        assertThat(blocks(file)).isLessThanOrEqualTo(before - 2L * MIB / 512);
        byte[] after = Files.readAllBytes(file);
        assertThat(after[0]).isZero();
        assertThat(after[2 * MIB - 1]).isZero();
        assertThat(after[2 * MIB]).isEqualTo((byte) 'x');
    }
}
