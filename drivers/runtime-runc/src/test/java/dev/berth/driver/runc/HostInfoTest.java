package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HostInfoTest {

    @Test
    void detect_capLastCap_isTheKernelsWholeNumber() throws IOException, InterruptedException {
        Process cat = new ProcessBuilder("cat", "/proc/sys/kernel/cap_last_cap").start();
        String kernel = new String(cat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        cat.waitFor();
        // two digits on every kernel since 3.x: a reader that trusted /proc's file size kept one
        assertThat(HostInfo.detect().capLastCap()).isEqualTo(Integer.parseInt(kernel));
    }
}
