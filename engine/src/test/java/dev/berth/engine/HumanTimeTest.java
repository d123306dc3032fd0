package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
    void rfc3339_isInstantToStringsText() {
        List<Instant> cases = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2024-05-06T07:08:00Z"),
                Instant.parse("2024-05-06T07:08:09.120Z"), Instant.parse("2024-05-06T07:08:09.000123Z"),
                Instant.parse("2024-05-06T07:08:09.100000001Z"), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"), Instant.MIN, Instant.MAX));
        Random random = new Random(17);
        for (int i = 0; i < 10_000; i++) {
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            cases.add(Instant.ofEpochSecond(random.nextLong(-62_200_000_000L, 253_500_000_000L), nano));
        }
        for (Instant t : cases) {
            assertThat(HumanTime.rfc3339(t)).isEqualTo(t.toString());
        }
    }

    @Test
    void rfc3339_null_isDockersZeroTime() {
        assertThat(HumanTime.rfc3339(null)).isEqualTo("0001-01-01T00:00:00Z");
    }
}
