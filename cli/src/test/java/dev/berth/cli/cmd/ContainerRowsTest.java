package dev.berth.cli.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.format.ListFormat;
import dev.berth.cli.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ps's fields: those no default table shows are worked out when a template asks, to the same values. */
class ContainerRowsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_100), ZoneOffset.UTC);
    private static final String SUMMARY = "{\"Id\":\"0123456789abcdef0123\",\"Names\":[\"/web\"],\"Image\":\"busybox\","
            + "\"ImageID\":\"sha256:aa\",\"Command\":\"sh -c 'sleep 1'\",\"Created\":1700000000,"
            + "\"Ports\":[{\"PrivatePort\":80,\"PublicPort\":8080,\"IP\":\"0.0.0.0\",\"Type\":\"tcp\"}],"
            + "\"Labels\":{\"b\":\"2\",\"a\":\"1\"},\"State\":\"running\",\"Status\":\"Up 2 minutes\","
            + "\"SizeRw\":2048,\"SizeRootFs\":4400000,"
            + "\"Mounts\":[{\"Name\":\"data\",\"Driver\":\"local\"},{\"Source\":\"/very/long/host/path/x\"}],"
            + "\"NetworkSettings\":{\"Networks\":{\"bridge\":{},\"back\":{}}}}";

    private static String render(String template) {
        Map<String, Object> summary = Json.map(Json.parse(SUMMARY));
        return ListFormat.render(template, List.of(ContainerRows.of(summary, true, CLOCK)), ContainerRows.HEADERS);
    }

    @Test
    void fieldsOutsideTheDefaultTable_renderWhenATemplateAsks() {
        assertThat(render("{{.Labels}}|{{.Label \"b\"}}|{{.Mounts}}|{{.LocalVolumes}}|{{.Networks}}|{{.Size}}"))
                .isEqualTo("a=1,b=2|2|data,/very/long/hos…|1|bridge,back|2.05kB (virtual 4.4MB)\n");
    }

    @Test
    void defaultTable_showsTheUsualColumns() {
        assertThat(render(ContainerRows.DEFAULT_TABLE)).isEqualTo(
                "CONTAINER ID   IMAGE     COMMAND             CREATED              STATUS         PORTS                  NAMES\n"
                + "0123456789ab   busybox   \"sh -c 'sleep 1'\"   About a minute ago   Up 2 minutes   0.0.0.0:8080->80/tcp   web\n");
    }

    @Test
    void json_holdsTheDeferredFieldsWorkedOut() {
        assertThat(render("{{json .}}")).contains("\"Labels\":\"a=1,b=2\"").contains("\"LocalVolumes\":\"1\"")
                .contains("\"Networks\":\"bridge,back\"").contains("\"Size\":\"2.05kB (virtual 4.4MB)\"");
    }
}
