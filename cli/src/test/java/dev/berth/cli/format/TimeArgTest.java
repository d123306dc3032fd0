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
    void toApiTimestamp_badDates_gosTimeParseMessages() {
        assertRefused("2020-13-01", "parsing time \"2020-13-01\": month out of range");
        assertRefused("2020-02-30", "parsing time \"2020-02-30\": day out of range");
        assertRefused("2020-01-01T24", "parsing time \"2020-01-01T24\": hour out of range");
        assertRefused("2020-01-01T10:60", "parsing time \"2020-01-01T10:60\": minute out of range");
        assertRefused("2020-01-01T10:00:60Z", "parsing time \"2020-01-01T10:00:60Z\": second out of range");
        assertRefused("2020-01-01T10:00:00+25:00",
                "parsing time \"2020-01-01T10:00:00+25:00\": time zone offset hour out of range");
        assertRefused("2020-1-01", "parsing time \"2020-1-01\" as \"2006-01-02\": cannot parse \"1-01\" as \"01\"");
        assertRefused("2020-01-01T10:00:00z", "parsing time \"2020-01-01T10:00:00z\" as "
                + "\"2006-01-02T15:04:05Z07:00\": cannot parse \"z\" as \"Z07:00\"");
        assertRefused("2020-01-01x", "parsing time \"2020-01-01x\": extra text: \"x\"");
        assertRefused("99999999999999999999", "failed to parse value as time or duration: \"99999999999999999999\"");
        assertRefused("1.5.3", "failed to parse value as time or duration: \"1.5.3\"");
    }

    @Test
    void toApiTimestamp_goForms_asDockerReadsThem() {
        // no zone: the local zone's offset now (docker's FixedZone of time.Now), even for a summer date
        Clock paris = Clock.fixed(Instant.parse("2026-11-27T19:00:00Z"), ZoneId.of("Europe/Paris"));
        assertThat(TimeArg.toApiTimestamp("2020-07-01", paris)).isEqualTo("1593558000.000000000");
        assertThat(TimeArg.toApiTimestamp("2020-01-01T10", clock)).isEqualTo("1577872800.000000000");
        assertThat(TimeArg.toApiTimestamp("2020-01-01T10:30:15,5", clock)).isEqualTo("1577874615.500000000");
        assertThat(TimeArg.toApiTimestamp("2020-01-01T10:30:15.123456789123-05:30", clock))
                .isEqualTo("1577894415.123456789");
        assertThat(TimeArg.toApiTimestamp("2020-01-01+03:00", clock)).isEqualTo("1577826000.000000000");
        assertThat(TimeArg.toApiTimestamp("2020-01-01T10:30:15+24:00", clock)).isEqualTo("1577788215.000000000");
        assertThat(TimeArg.toApiTimestamp("+5", clock)).isEqualTo("+5");
        assertThat(TimeArg.toApiTimestamp("1700000000.1234567890", clock)).isEqualTo("1700000000.1234567890");
    }

    private void assertRefused(String value, String message) {
        assertThatThrownBy(() -> TimeArg.toApiTimestamp(value, clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void goDuration_forms_parse() {
        assertThat(GoDuration.parse("300ms").toMillis()).isEqualTo(300);
        assertThat(GoDuration.parse("1.5h").toMinutes()).isEqualTo(90);
        assertThat(GoDuration.parse("abc")).isNull();
    }
}
