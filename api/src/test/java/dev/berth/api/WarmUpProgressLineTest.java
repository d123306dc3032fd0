package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WarmUpProgressLineTest {
    /** The warm-up renders what an import's answer ends with: one status line, as the docker CLI reads it. */
    @Test
    void warmUpProgressLine_isAnImportsLastLine() {
        assertThat(new String(ApiServer.warmUpProgressLine(), StandardCharsets.UTF_8))
                .isEqualTo("{\"status\":\"sha256:" + "0".repeat(64) + "\"}\n");
    }
}
