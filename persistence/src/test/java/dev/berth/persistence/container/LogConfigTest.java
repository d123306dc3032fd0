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
        assertRefused(() -> new LogConfig(LogConfig.Driver.LOCAL, Map.of("tag", "x")),
                "unknown log opt 'tag' for log driver local");
        assertRefused(() -> jsonFile(Map.of("mode", "sometimes")), "logger: logging mode not supported: sometimes");
        assertRefused(() -> jsonFile(Map.of("max-buffer-size", "4m")),
                "logger: max-buffer-size option is only supported with 'mode=non-blocking'");
        assertRefused(() -> jsonFile(Map.of("mode", "non-blocking", "max-buffer-size", "lots")),
                "error parsing option max-buffer-size: invalid size: 'lots'");
        assertRefused(() -> jsonFile(Map.of("labels-regex", "(")),
                "error parsing regexp in log opt 'labels-regex': Unclosed group: `(`");
        assertRefused(() -> new LogConfig(LogConfig.Driver.LOCAL, Map.of("foo", "1")),
                "unknown log opt 'foo' for log driver local");
        assertRefused(() -> new LogConfig(LogConfig.Driver.LOCAL, Map.of("max-file", "1")),
                "compression cannot be enabled when max file count is 1");
        assertRefused(() -> LogConfig.Driver.of("nope"), "logger: no log driver named 'nope' is registered");
        assertRefused(() -> LogConfig.Driver.of("awslogs"), "log driver awslogs is not supported by Berth yet");
        // journald: the attributes and modes, nothing else; the cache's options are not its own on Berth
        assertThat(new LogConfig(LogConfig.Driver.JOURNALD, Map.of("tag", "{{.Name}}", "labels", "a", "env-regex", "^X",
                "mode", "non-blocking")).readable()).isTrue();
        assertRefused(() -> new LogConfig(LogConfig.Driver.JOURNALD, Map.of("max-size", "1m")),
                "unknown log opt 'max-size' for journald log driver");
        assertRefused(() -> new LogConfig(LogConfig.Driver.JOURNALD, Map.of("cache-disabled", "true")),
                "log opt 'cache-disabled' is not supported by Berth's journald driver (docker logs reads the copy Berth "
                        + "keeps of what it sends)");
    }

    @Test
    void jsonFile_attributesAndModes_accepted() {
        var c = jsonFile(Map.of("tag", "{{.Name}}", "labels", "a,b", "labels-regex", "^com\\.", "env", "X",
                "env-regex", "^APP_", "mode", "non-blocking", "max-buffer-size", "4m"));
        assertThat(c.config()).containsEntry("tag", "{{.Name}}");
        assertThat(new LogConfig(LogConfig.Driver.LOCAL, Map.of("mode", "blocking")).maxFile()).isEqualTo(5);
    }

    @Test
    void tag_aGoTemplateOverTheLoggerInfo_onlyFieldsAndCase() {
        var values = Map.of("Name", "web", "ID", "0123456789ab", "ImageName", "app:1");
        assertThat(LogTag.parse("{{.ImageName}}/{{ .Name }}.{{.ID | upper}}").render(values))
                .isEqualTo("app:1/web.0123456789AB");
        assertThat(LogTag.parse("x {{- .Name -}} y").render(values)).isEqualTo("xweby");
        assertThat(LogTag.parse("plain").render(values)).isEqualTo("plain");
        assertRefused(() -> LogTag.parse("{{.Nope}}"),
                "template: log-tag:1:2: executing \"log-tag\" at <.Nope>: can't evaluate field Nope in type *logger.Info");
        assertRefused(() -> LogTag.parse("{{json .Name}}"), "log opt 'tag': the template action {{json .Name}} is not "
                + "supported by Berth yet (only {{.Field}}, optionally | lower or | upper)");
        assertRefused(() -> LogTag.parse("{{.ContainerLabels}}"),
                "log opt 'tag': {{.ContainerLabels}} is not supported by Berth yet (it is not text)");
        assertRefused(() -> jsonFile(Map.of("tag", "{{.Name")), "template: log-tag:1: unclosed action");
    }

    @Test
    void syslog_optionsCheckedAsDockerdChecksThem() {
        var syslog = new LogConfig(LogConfig.Driver.SYSLOG, Map.of("syslog-address", "udp://127.0.0.1", "tag", "{{.Name}}",
                "syslog-facility", "local3", "syslog-format", "rfc5424micro", "labels", "a", "cache-max-file", "2"));
        assertThat(syslog.readable()).isTrue();
        assertThat(syslog.maxFile()).isEqualTo(2);
        assertThat(syslog.maxSize()).isEqualTo(20L * 1024 * 1024);
        assertThat(LogOpts.syslogAddress("udp://127.0.0.1")).isEqualTo(new LogOpts.SyslogAddress("udp", "127.0.0.1:514"));
        assertThat(LogOpts.syslogAddress("tcp://[::1]:601")).isEqualTo(new LogOpts.SyslogAddress("tcp", "[::1]:601"));
        assertThat(LogOpts.syslogAddress("unixgram:///dev/log")).isEqualTo(new LogOpts.SyslogAddress("unixgram", "/dev/log"));
        assertThat(LogOpts.syslogFacility("local3")).isEqualTo(19 << 3);
        assertThat(LogOpts.syslogFacility("")).isEqualTo(3 << 3);
        assertThat(LogOpts.syslogFacility("23")).isEqualTo(23 << 3);
        assertThat(new LogConfig(LogConfig.Driver.SYSLOG, Map.of("cache-disabled", "true")).readable()).isFalse();
        assertRefused(() -> new LogConfig(LogConfig.Driver.SYSLOG, Map.of("syslog-facility", "24")), "invalid syslog facility");
        assertRefused(() -> new LogConfig(LogConfig.Driver.SYSLOG, Map.of("syslog-format", "json")), "Invalid syslog format");
        assertRefused(() -> new LogConfig(LogConfig.Driver.SYSLOG, Map.of("syslog-address", "ftp://h")),
                "unsupported scheme: 'ftp'");
        assertRefused(() -> new LogConfig(LogConfig.Driver.SYSLOG, Map.of("max-size", "1m")),
                "unknown log opt 'max-size' for syslog log driver");
        assertRefused(() -> new LogConfig(LogConfig.Driver.SYSLOG, Map.of("cache-disabled", "nah")),
                "invalid value for option cache-disabled: nah");
        assertRefused(() -> new LogConfig(LogConfig.Driver.SYSLOG, Map.of("cache-max-file", "1")),
                "compression cannot be enabled when max file count is 1");
        assertRefused(() -> LogConfig.of("syslog", Map.of("syslog-address", "unix:///nowhere/log"), LogConfig.DEFAULT),
                "stat /nowhere/log: no such file or directory");
        // replayed, the same config is read whatever the socket's fate since
        assertThat(new LogConfig(LogConfig.Driver.SYSLOG, Map.of("syslog-address", "unix:///nowhere/log")).type())
                .isEqualTo(LogConfig.Driver.SYSLOG);
    }

    @Test
    void gelfAndFluentd_optionsCheckedAsDockerdChecksThem() {
        assertThat(LogOpts.gelfAddress("udp://graylog:12201")).isEqualTo(new LogOpts.GelfAddress("udp", "graylog", 12201));
        assertRefused(() -> new LogConfig(LogConfig.Driver.GELF, Map.of()), "gelf-address is a required parameter");
        assertRefused(() -> new LogConfig(LogConfig.Driver.GELF, Map.of("gelf-address", "udp://h:1",
                "gelf-compression-level", "10")), "unknown value \"10\" for log opt \"gelf-compression-level\" for gelf log driver");
        assertRefused(() -> new LogConfig(LogConfig.Driver.GELF, Map.of("gelf-address", "udp://h:1",
                "gelf-tcp-max-reconnect", "2")), "\"gelf-tcp-max-reconnect\" is only valid for TCP");
        var f = LogOpts.fluentd(Map.of());
        assertThat(f).isEqualTo(new LogOpts.Fluentd("tcp", "127.0.0.1", 24224, "", 1024 * 1024, 1000,
                Integer.MAX_VALUE, false, 0, false, false, 0));
        var g = LogOpts.fluentd(Map.of("fluentd-address", "unix:///run/fluent.sock", "fluentd-buffer-limit", "8k",
                "fluentd-retry-wait", "1.5s", "fluentd-max-retries", "3", "fluentd-async", "true",
                "fluentd-async-reconnect-interval", "500ms", "fluentd-write-timeout", "2s"));
        assertThat(g).isEqualTo(new LogOpts.Fluentd("unix", "127.0.0.1", 24224, "/run/fluent.sock", 8192, 1500, 3,
                true, 500, false, false, 2000));
        assertThat(LogOpts.fluentd(Map.of("fluentd-address", "fluent:24225")).host()).isEqualTo("fluent");
        assertRefused(() -> LogOpts.fluentd(Map.of("fluentd-async-reconnect-interval", "20s")),
                "invalid value for fluentd-async-reconnect-interval: value (\"20s\") must be between 100ms and 10s");
        assertRefused(() -> LogOpts.fluentd(Map.of("fluentd-retry-wait", "5")), "time: missing unit in duration \"5\"");
        assertRefused(() -> LogOpts.fluentd(Map.of("fluentd-address", "tcp://h:1/x")),
                "invalid fluentd-address (tcp://h:1/x): should not contain a path element");
        assertRefused(() -> new LogConfig(LogConfig.Driver.FLUENTD, Map.of("fluentd-async", "perhaps")),
                "strconv.ParseBool: parsing \"perhaps\": invalid syntax");
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
