package dev.berth.daemon.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkConfigTest {
    @Test
    void parse_entries_nameDefaultsToTypeOptionsAsText() {
        var sinks = SinkConfig.parse(List.of(
                Map.of("type", "file", "path", "/var/log/e.log", "max-files", 5),
                Map.of("type", "syslog", "name", "local", "timeout", 2.5)));
        assertThat(sinks).containsExactly(
                new SinkConfig("file", "file", Duration.ofSeconds(30), Map.of("path", "/var/log/e.log", "max-files", "5")),
                new SinkConfig("local", "syslog", Duration.ofMillis(2500), Map.of()));
        assertThat(SinkConfig.parse(null)).isEmpty();
    }

    @Test
    void parse_badEntries_refusedNamingEntryAndKey() {
        assertThatThrownBy(() -> SinkConfig.parse(List.of(Map.of("path", "/x"))))
                .hasMessage("event-sinks[0].type: required (file, syslog, or a plugin's sink type)");
        assertThatThrownBy(() -> SinkConfig.parse(List.of(Map.of("type", "file"), Map.of("type", "file"))))
                .hasMessage("event-sinks[1].name: another sink is named \"file\" (give each sink of one type a name "
                        + "of its own)");
        assertThatThrownBy(() -> SinkConfig.parse(List.of(Map.of("type", "file", "name", "../x"))))
                .hasMessage("event-sinks[0].name: \"../x\" is not a name (letters, digits, '_', '.', '-', at most 64)");
        assertThatThrownBy(() -> SinkConfig.parse(List.of(Map.of("type", "file", "timeout", "0"))))
                .hasMessage("event-sinks[0].timeout: must be a positive number of seconds, not 0");
        assertThatThrownBy(() -> SinkConfig.parse(List.of(Map.of("type", "file", "path", List.of("a")))))
                .hasMessage("event-sinks[0].path: must be a string, number or boolean");
    }
}
