package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeArgTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T19:00:00Z"), ZoneOffset.UTC);

    @Test
    void toApiTimestamp_relativeDuration_subtractsFromNow() {
        assertThat(TimeArg.toApiTimestamp("10m", clock)).isEqualTo("1795805400.000000000");
        assertThat(TimeArg.toApiTimestamp("1h30m", clock)).isEqualTo("1795800600.000000000");
    }

    @Test
    void toApiTimestamp_rfc3339_convertsToSecondsAndNanos() {
        assertThat(TimeArg.toApiTimestamp("2026-11-27T19:00:00Z", clock)).isEqualTo("1795806000.000000000");
        assertThat(TimeArg.toApiTimestamp("2026-11-27T20:00:00.5+01:00", clock)).isEqualTo("1795806000.500000000");
    }

    @Test
    void toApiTimestamp_withoutZone_usesLocalZone() {
        Clock paris = Clock.fixed(Instant.parse("2026-11-27T19:00:00Z"), ZoneId.of("Europe/Paris"));
        assertThat(TimeArg.toApiTimestamp("2026-11-27T20:00", paris)).isEqualTo("1795806000.000000000");
        assertThat(TimeArg.toApiTimestamp("2026-11-28", clock)).isEqualTo("1795824000.000000000");
    }

    @Test
    void toApiTimestamp_unixSeconds_passThrough() {
        assertThat(TimeArg.toApiTimestamp("1700000000", clock)).isEqualTo("1700000000");
        assertThat(TimeArg.toApiTimestamp("1700000000.25", clock)).isEqualTo("1700000000.25");
    }

    @Test
    void toApiTimestamp_garbage_throws() {
        assertThatThrownBy(() -> TimeArg.toApiTimestamp("yesterday", clock)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void goDuration_forms_parse() {
        assertThat(GoDuration.parse("300ms").toMillis()).isEqualTo(300);
        assertThat(GoDuration.parse("1.5h").toMinutes()).isEqualTo(90);
        assertThat(GoDuration.parse("abc")).isNull();
    }
}
