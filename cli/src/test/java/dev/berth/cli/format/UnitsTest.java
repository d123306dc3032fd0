package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void humanDuration_goUnitsThresholds_matchDocker() {
        assertThat(Units.humanDuration(Duration.ofMillis(500))).isEqualTo("Less than a second");
        assertThat(Units.humanDuration(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(Units.humanDuration(Duration.ofSeconds(5))).isEqualTo("5 seconds");
        assertThat(Units.humanDuration(Duration.ofSeconds(60))).isEqualTo("About a minute");
        assertThat(Units.humanDuration(Duration.ofSeconds(119))).isEqualTo("About a minute");
        assertThat(Units.humanDuration(Duration.ofMinutes(2))).isEqualTo("2 minutes");
        assertThat(Units.humanDuration(Duration.ofMinutes(60))).isEqualTo("About an hour");
        assertThat(Units.humanDuration(Duration.ofMinutes(89))).isEqualTo("About an hour");
        assertThat(Units.humanDuration(Duration.ofMinutes(90))).isEqualTo("2 hours");
        assertThat(Units.humanDuration(Duration.ofHours(47))).isEqualTo("47 hours");
        assertThat(Units.humanDuration(Duration.ofHours(48))).isEqualTo("2 days");
        assertThat(Units.humanDuration(Duration.ofDays(14))).isEqualTo("2 weeks");
        assertThat(Units.humanDuration(Duration.ofDays(60))).isEqualTo("2 months");
        assertThat(Units.humanDuration(Duration.ofDays(800))).isEqualTo("2 years");
    }

    @Test
    void humanSize_decimalUnitsAndPrecision_matchGoG() {
        assertThat(Units.humanSize(0, 3)).isEqualTo("0B");
        assertThat(Units.humanSize(999, 3)).isEqualTo("999B");
        assertThat(Units.humanSize(4_240_000, 3)).isEqualTo("4.24MB");
        assertThat(Units.humanSize(7_800_000, 3)).isEqualTo("7.8MB");
        assertThat(Units.humanSize(1000, 3)).isEqualTo("1kB");
        assertThat(Units.humanSize(999_900, 3)).isEqualTo("1e+03kB");
        assertThat(Units.humanSize(123_456_789)).isEqualTo("123.5MB");
        assertThat(Units.humanSize(2_000_000_000_000L)).isEqualTo("2TB");
    }

    @Test
    void ramInBytes_binarySuffixes_parse() {
        assertThat(Units.ramInBytes("512m")).isEqualTo(512L * 1024 * 1024);
        assertThat(Units.ramInBytes("1g")).isEqualTo(1L << 30);
        assertThat(Units.ramInBytes("1.5k")).isEqualTo(1536);
        assertThat(Units.ramInBytes("64MiB")).isEqualTo(64L << 20);
        assertThat(Units.ramInBytes("100")).isEqualTo(100);
        assertThat(Units.ramInBytes("10b")).isEqualTo(10);
    }

    @Test
    void ramInBytes_badSuffix_throws() {
        assertThatThrownBy(() -> Units.ramInBytes("12x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Units.ramInBytes("m")).isInstanceOf(IllegalArgumentException.class);
    }
}
