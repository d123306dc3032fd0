package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HumanTimeTest {
    @Test
    void duration_goUnitsBuckets_matchDockerStatusWords() {
        assertThat(HumanTime.duration(Duration.ofMillis(300))).isEqualTo("Less than a second");
        assertThat(HumanTime.duration(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(HumanTime.duration(Duration.ofSeconds(42))).isEqualTo("42 seconds");
        assertThat(HumanTime.duration(Duration.ofSeconds(61))).isEqualTo("About a minute");
        assertThat(HumanTime.duration(Duration.ofMinutes(5))).isEqualTo("5 minutes");
        assertThat(HumanTime.duration(Duration.ofMinutes(61))).isEqualTo("About an hour");
        assertThat(HumanTime.duration(Duration.ofHours(5))).isEqualTo("5 hours");
        assertThat(HumanTime.duration(Duration.ofDays(3))).isEqualTo("3 days");
        assertThat(HumanTime.duration(Duration.ofDays(20))).isEqualTo("2 weeks");
        assertThat(HumanTime.duration(Duration.ofDays(100))).isEqualTo("3 months");
        assertThat(HumanTime.duration(Duration.ofDays(800))).isEqualTo("2 years");
    }

    @Test
    void fixedNanos_alwaysNineDigits_likeDockerLogsTimestamps() {
        assertThat(HumanTime.fixedNanos(Instant.parse("2026-11-27T19:00:00.5Z")))
                .isEqualTo("2026-11-27T19:00:00.500000000Z");
    }

    @Test
    void rfc3339_null_isDockersZeroTime() {
        assertThat(HumanTime.rfc3339(null)).isEqualTo("0001-01-01T00:00:00Z");
    }
}
