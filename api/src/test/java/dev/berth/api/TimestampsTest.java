package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void parse_unixSecondsWithFraction_scalesFractionToNanos() {
        assertThat(Timestamps.parse("since", "1700000000")).isEqualTo(Instant.ofEpochSecond(1700000000L));
        assertThat(Timestamps.parse("since", "1700000000.5")).isEqualTo(Instant.ofEpochSecond(1700000000L, 500_000_000));
        assertThat(Timestamps.parse("since", "1700000000.000000001")).isEqualTo(Instant.ofEpochSecond(1700000000L, 1));
    }

    @Test
    void parse_rfc3339_andEmpty() {
        assertThat(Timestamps.parse("until", "2024-05-06T09:08:09+02:00")).isEqualTo(Instant.parse("2024-05-06T07:08:09Z"));
        assertThat(Timestamps.parse("until", "")).isNull();
        assertThat(Timestamps.parse("until", null)).isNull();
    }

    @Test
    void parse_garbage_isInvalidArgument() {
        assertThatThrownBy(() -> Timestamps.parse("since", "yesterday")).isInstanceOf(EngineException.class)
                .hasMessage("invalid value for since: yesterday");
    }

    @Test
    void parse_secondsBeyondRange_isInvalidArgumentNotAServerError() {
        // the fuzz's 99999999999999999999: more than a long; 9e18 fits a long but not an Instant
        for (String value : new String[] {"99999999999999999999", "9000000000000000000", "-99999999999999999999.5"}) {
            assertThatThrownBy(() -> Timestamps.parse("until", value))
                    .as(value)
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                    .hasMessage("invalid value for until: " + value + " is out of range");
        }
    }

    @Test
    void at_takesUnixSecondsWithNanos_andRfc3339WithOrWithoutFractionAndOffset() {
        assertThat(Timestamps.at("1764756000")).isEqualTo(Instant.ofEpochSecond(1764756000L));
        assertThat(Timestamps.at("1764756000.123456789")).isEqualTo(Instant.ofEpochSecond(1764756000L, 123_456_789));
        assertThat(Timestamps.at("2026-12-01T10:00:00Z")).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(Timestamps.at("2026-12-01T10:00:00.5Z")).isEqualTo(Instant.parse("2026-12-01T10:00:00.500Z"));
        assertThat(Timestamps.at("2026-12-01T11:00:00.000000001+01:00")).isEqualTo(Instant.parse("2026-12-01T10:00:00.000000001Z"));
        assertThat(Timestamps.at("")).isNull();
        assertThat(Timestamps.at(null)).isNull();
    }

    @Test
    void at_malformed_isInvalidArgumentNamingIt() {
        assertThatThrownBy(() -> Timestamps.at("2026-12-01 10:00")).isInstanceOf(EngineException.class)
                .hasMessage("invalid value for at: 2026-12-01 10:00");
        assertThatThrownBy(() -> Timestamps.at("1764756000.1234567891")).isInstanceOf(EngineException.class)
                .hasMessage("invalid value for at: 1764756000.1234567891");
    }

    @Test
    void formatNanoFixed_alwaysNineDigits() {
        assertThat(Timestamps.formatNanoFixed(Instant.parse("2024-05-06T07:08:09Z"))).isEqualTo("2024-05-06T07:08:09.000000000Z");
    }
}
