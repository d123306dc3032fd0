package dev.berth.persistence.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.spi.EngineException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogConfigTest {

    private static LogConfig jsonFile(Map<String, String> opts) {
        return new LogConfig(LogConfig.Driver.JSON_FILE, opts);
    }

    @Test
    void jsonFile_defaults_noRotation() {
        assertThat(LogConfig.DEFAULT.maxSize()).isEqualTo(-1);
        assertThat(LogConfig.DEFAULT.maxFile()).isEqualTo(1);
        assertThat(LogConfig.DEFAULT.compress()).isFalse();
    }

    @Test
    void jsonFile_sizes_areGoUnitsDecimal() {
        var c = jsonFile(Map.of("max-size", "10k", "max-file", "3", "compress", "true"));
        assertThat(c.maxSize()).isEqualTo(10_000);
        assertThat(c.maxFile()).isEqualTo(3);
        assertThat(c.compress()).isTrue();
        assertThat(jsonFile(Map.of("max-size", "1.5m")).maxSize()).isEqualTo(1_500_000);
        assertThat(jsonFile(Map.of("max-size", "2MB")).maxSize()).isEqualTo(2_000_000);
    }

    @Test
    void local_defaults_areDockers() {
        var c = new LogConfig(LogConfig.Driver.LOCAL, Map.of());
        assertThat(c.maxSize()).isEqualTo(20L * 1024 * 1024);
        assertThat(c.maxFile()).isEqualTo(5);
        assertThat(c.compress()).isTrue();
    }

    @Test
    void badValues_areRefusedWithDockerdsWords() {
        assertRefused(() -> jsonFile(Map.of("max-size", "ten")), "invalid size: 'ten'");
        assertRefused(() -> jsonFile(Map.of("max-size", "0")), "max-size must be a positive number");
        assertRefused(() -> jsonFile(Map.of("max-file", "0")), "max-file cannot be less than 1");
        assertRefused(() -> jsonFile(Map.of("max-file", "x")), "strconv.Atoi: parsing \"x\": invalid syntax");
        assertRefused(() -> jsonFile(Map.of("max-file", "3", "compress", "true")),
                "compress cannot be true when max-file is less than 2 or max-size is not set");
        assertRefused(() -> jsonFile(Map.of("compress", "maybe")), "strconv.ParseBool: parsing \"maybe\": invalid syntax");
        assertRefused(() -> jsonFile(Map.of("foo", "1")), "unknown log opt 'foo' for json-file log driver");
        assertRefused(() -> jsonFile(Map.of("tag", "x")), "log opt 'tag' is not supported by Berth yet");
        assertRefused(() -> new LogConfig(LogConfig.Driver.LOCAL, Map.of("foo", "1")),
                "unknown log opt 'foo' for log driver local");
        assertRefused(() -> new LogConfig(LogConfig.Driver.LOCAL, Map.of("max-file", "1")),
                "compression cannot be enabled when max file count is 1");
        assertRefused(() -> LogConfig.Driver.of("nope"), "logger: no log driver named 'nope' is registered");
        assertRefused(() -> LogConfig.Driver.of("syslog"), "log driver syslog is not supported by Berth yet");
    }

    @Test
    void of_noType_takesDaemonDefaultAndItsOptions() {
        var daemon = new LogConfig(LogConfig.Driver.JSON_FILE, Map.of("max-size", "1m", "max-file", "2"));
        assertThat(LogConfig.of("", Map.of("max-file", "4"), daemon))
                .isEqualTo(jsonFile(Map.of("max-size", "1m", "max-file", "4")));
        assertThat(LogConfig.of("local", Map.of(), daemon)).isEqualTo(new LogConfig(LogConfig.Driver.LOCAL, Map.of()));
        assertThat(LogConfig.of(null, null, LogConfig.DEFAULT)).isEqualTo(LogConfig.DEFAULT);
    }

    @Test
    void json_absentInOldHostConfig_isDefault() throws Exception {
        var mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(HostConfig.defaults()).replace(",\"logConfig\":{\"type\":\"json-file\",\"config\":{}}", "");
        assertThat(json).doesNotContain("logConfig");
        assertThat(mapper.readValue(json, HostConfig.class).logConfig()).isEqualTo(LogConfig.DEFAULT);
    }

    private static void assertRefused(Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOf(EngineException.class).hasMessage(message);
    }
}
