package dev.berth.actors.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.LogConfig;
import dev.berth.spi.runtime.LogEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LogAttributesTest {
    private static final String ID = "4f2a".repeat(16);
    private static final String IMAGE = "sha256:" + "be".repeat(32);

    private static ContainerInfo info(Map<String, String> logOpts) {
        var config = new ContainerConfig("registry.local/app:1", "", "", "",
                List.of("PATH=/bin", "REGION=eu-west", "REGION_ZONE=b", "EMPTY="), List.of("-p", "80"),
                List.of("httpd"), "/", Map.of("com.example.team", "core", "com.example.tier", "web", "other", "x"),
                List.of(), List.of(), false, false, null, null);
        return new ContainerInfo(ID, "web", Instant.EPOCH, IMAGE, List.of(), config,
                HostConfig.builder().logConfig(new LogConfig(LogConfig.Driver.JSON_FILE, logOpts)).build(),
                null, null, 0, false, "", 0, List.of());
    }

    @Test
    void of_labelsEnvAndTag_asDockerdsLoggerInfoGivesThem() {
        var opts = Map.of("labels", "com.example.team,missing", "labels-regex", "tier$", "env", "REGION,NOPE",
                "env-regex", "^REGION_", "tag", "{{.ImageName}}/{{.Name}}/{{.ID}} {{.ImageID}} {{.Command | upper}}");
        var attrs = LogAttributes.of(info(opts), info(opts).hostConfig().logConfig(), "/x/log");
        assertThat(attrs).containsExactly(Map.entry("REGION", "eu-west"), Map.entry("REGION_ZONE", "b"),
                Map.entry("com.example.team", "core"), Map.entry("com.example.tier", "web"),
                Map.entry("tag", "registry.local/app:1/web/" + ID.substring(0, 12) + " sha256:bebeb HTTPD -P 80"));
    }

    @Test
    void of_nothingAsked_orAnotherDriver_noAttributes() {
        assertThat(LogAttributes.of(info(Map.of()), LogConfig.DEFAULT, "")).isEmpty();
        var local = new LogConfig(LogConfig.Driver.LOCAL, Map.of());
        assertThat(LogAttributes.of(info(Map.of("tag", "x")), local, "")).isEmpty();
    }

    @Test
    void encode_attrsBetweenStreamAndTime_decodedBack() {
        var attrs = new TreeMap<>(Map.of("tag", "a<b", "com.example.team", "core"));
        LogEntry e = new LogEntry(Instant.parse("2026-12-05T10:00:00.5Z"), LogEntry.StdStream.STDOUT,
                "hi\n".getBytes(StandardCharsets.UTF_8), false);
        byte[] line = JsonLogLine.encode(e, LogAttributes.json(attrs));
        assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo("{\"log\":\"hi\\n\",\"stream\":\"stdout\","
                + "\"attrs\":{\"com.example.team\":\"core\",\"tag\":\"a\\u003cb\"},\"time\":\"2026-12-05T10:00:00.5Z\"}\n");
        LogEntry back = JsonLogLine.decode(line, 0, line.length - 1);
        assertThat(back.data()).isEqualTo(e.data());
        assertThat(back.time()).isEqualTo(e.time());
        assertThat(JsonLogLine.attrs(line, 0, line.length - 1)).isEqualTo(attrs);
        byte[] plain = JsonLogLine.encode(e);
        assertThat(JsonLogLine.attrs(plain, 0, plain.length - 1)).isEmpty();
    }

    @Test
    void detailsPrefix_sortedQueryEscaped_justASpaceWhenNone() {
        assertThat(new String(LogAttributes.detailsPrefix(Map.of("tag", "a b/c~", "b*", "1")), StandardCharsets.UTF_8))
                .isEqualTo("b%2A=1,tag=a+b%2Fc~ ");
        assertThat(new String(LogAttributes.detailsPrefix(Map.of()), StandardCharsets.UTF_8)).isEqualTo(" ");
    }
}
