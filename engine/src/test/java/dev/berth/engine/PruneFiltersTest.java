package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.backend.Filters;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PruneFiltersTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void timestamp_goDurations_countBackFromNow() {
        assertThat(PruneFilters.timestamp("24h", NOW)).isEqualTo(NOW.minus(Duration.ofHours(24)));
        assertThat(PruneFilters.timestamp("1h30m", NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(90)));
        assertThat(PruneFilters.timestamp("1.5s", NOW)).isEqualTo(NOW.minusMillis(1500));
        assertThat(PruneFilters.timestamp("10ms", NOW)).isEqualTo(NOW.minusMillis(10));
    }

    @Test
    void timestamp_unixSecondsAndRfc3339() {
        assertThat(PruneFilters.timestamp("0", NOW)).isEqualTo(Instant.EPOCH);
        assertThat(PruneFilters.timestamp("1700000000.5", NOW)).isEqualTo(Instant.ofEpochSecond(1700000000, 500_000_000));
        assertThat(PruneFilters.timestamp("2025-05-01T10:00:00Z", NOW)).isEqualTo(Instant.parse("2025-05-01T10:00:00Z"));
        assertThat(PruneFilters.timestamp("2025-05-01T10:00:00+02:00", NOW))
                .isEqualTo(Instant.parse("2025-05-01T08:00:00Z"));
        ZoneId zone = ZoneId.systemDefault();
        assertThat(PruneFilters.timestamp("2025-05-01", NOW))
                .isEqualTo(LocalDateTime.parse("2025-05-01T00:00:00").atZone(zone).toInstant());
        assertThat(PruneFilters.timestamp("2025-05-01T10:30", NOW))
                .isEqualTo(LocalDateTime.parse("2025-05-01T10:30:00").atZone(zone).toInstant());
    }

    @Test
    void timestamp_garbage_isInvalid() {
        assertThatThrownBy(() -> PruneFilters.timestamp("yesterday", NOW))
                .hasMessage("failed to parse value as time or duration: \"yesterday\"");
    }

    @Test
    void until_keepsWhatIsNewer() {
        PruneFilters f = PruneFilters.of(new Filters(Map.of("until", Set.of("1h"))), NOW);
        assertThat(f.test(NOW.minus(Duration.ofHours(2)), Map.of())).isTrue();
        assertThat(f.test(NOW.minus(Duration.ofMinutes(10)), Map.of())).isFalse();
    }

    @Test
    void labels_everyLabelMustMatch_andNotEveryNegatedOne() {
        PruneFilters f = PruneFilters.of(new Filters(Map.of("label", Set.of("env=test"),
                "label!", Set.of("keep"))), NOW);
        assertThat(f.test(NOW, Map.of("env", "test"))).isTrue();
        assertThat(f.test(NOW, Map.of("env", "prod"))).isFalse();
        assertThat(f.test(NOW, Map.of("env", "test", "keep", ""))).isFalse();
    }

    @Test
    void moreThanOneUntil_isInvalid() {
        assertThatThrownBy(() -> PruneFilters.of(new Filters(Map.of("until", Set.of("1h", "2h"))), NOW))
                .hasMessage("more than one until filter specified");
    }
}
