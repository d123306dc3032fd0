package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.dockerfile.Instruction;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthcheckTextTest {

    @Test
    void goDuration_asGoPrintsIt() {
        assertThat(StageBuilder.goDuration(Duration.ZERO)).isEqualTo("0s");
        assertThat(StageBuilder.goDuration(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(StageBuilder.goDuration(Duration.ofSeconds(3))).isEqualTo("3s");
        assertThat(StageBuilder.goDuration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(StageBuilder.goDuration(Duration.ofMinutes(5))).isEqualTo("5m0s");
        assertThat(StageBuilder.goDuration(Duration.ofHours(1))).isEqualTo("1h0m0s");
        assertThat(StageBuilder.goDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
    }

    @Test
    void historyLine_isTheClassicBuildersOne() {
        var h = new Instruction.Healthcheck(new Instruction.Source(2, "HEALTHCHECK …"), List.of("CMD-SHELL", "curl -f x"),
                Duration.ofMinutes(5), Duration.ofSeconds(3), Duration.ZERO, Duration.ZERO, 3);
        assertThat(StageBuilder.healthcheckText(h))
                .isEqualTo("HEALTHCHECK &{[\"CMD-SHELL\" \"curl -f x\"] \"5m0s\" \"3s\" \"0s\" \"0s\" '\\x03'}");
    }
}
