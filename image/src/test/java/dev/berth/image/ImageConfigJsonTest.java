package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.image.ImageConfig.ContainerDefaults;
import dev.berth.image.ImageConfig.History;
import dev.berth.spi.EngineException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageConfigJsonTest {
    private static final Instant T = Instant.parse("2024-05-06T07:08:09.123450Z");

    static ImageConfig sample(Map<String, String> labels) {
        ContainerDefaults d = new ContainerDefaults("app", List.of("PATH=/bin", "A=1"), List.of("sh"),
                List.of("/init"), "/srv", labels, new LinkedHashSet<>(List.of("80/tcp", "53/udp")),
                new LinkedHashSet<>(List.of("/data")), "SIGTERM");
        return new ImageConfig("amd64", "linux", null, T, "me", "Imported from -", d,
                List.of(Digest.of("layer")), List.of(new History(T, "", "Imported from -", false),
                        new History(T, "CMD sh", null, true)));
    }

    @Test
    void write_sameConfigDifferentMapOrder_sameBytes() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        byte[] one = ImageConfigJson.write(sample(ab));
        byte[] two = ImageConfigJson.write(sample(ba));
        assertThat(one).isEqualTo(two);
        assertThat(Digest.of(one)).isEqualTo(Digest.of(two));
    }

    @Test
    void write_usesOciFieldNames() {
        String json = new String(ImageConfigJson.write(sample(Map.of("k", "v"))), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"architecture\":\"amd64\"")
                .contains("\"config\":{\"User\":\"app\",\"ExposedPorts\":{\"53/udp\":{},\"80/tcp\":{}},"
                        + "\"Env\":[\"PATH=/bin\",\"A=1\"],\"Entrypoint\":[\"/init\"],\"Cmd\":[\"sh\"],")
                .contains("\"created\":\"2024-05-06T07:08:09.12345Z\"")
                .contains("\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.of("layer") + "\"]}")
                .contains("{\"created\":\"2024-05-06T07:08:09.12345Z\",\"created_by\":\"CMD sh\",\"empty_layer\":true}")
                .contains("\"os\":\"linux\"");
    }

    @Test
    void readWrite_roundTrip_equal() {
        ImageConfig c = sample(Map.of("k", "v"));
        byte[] json = ImageConfigJson.write(c);
        ImageConfig back = ImageConfigJson.read(json);
        assertThat(back).isEqualTo(c);
        assertThat(ImageConfigJson.write(back)).isEqualTo(json);
    }

    @Test
    void read_unsetCmd_staysNull_emptyCmdStaysEmpty() {
        ImageConfig unset = ImageConfigJson.read("{\"architecture\":\"arm64\",\"os\":\"linux\",\"config\":{}}".getBytes());
        assertThat(unset.config().cmd()).isNull();
        ImageConfig empty = ImageConfigJson.read("{\"architecture\":\"arm64\",\"os\":\"linux\",\"config\":{\"Cmd\":[]}}".getBytes());
        assertThat(empty.config().cmd()).isEmpty();
    }

    @Test
    void read_dockerHubConfig_parses() {
        String hub = "{\"architecture\":\"amd64\",\"config\":{\"Env\":[\"PATH=/usr/local/sbin\"],\"Cmd\":[\"sh\"],"
                + "\"WorkingDir\":\"\",\"OnBuild\":null,\"Labels\":null},\"created\":\"2023-07-18T23:19:33.655005962Z\","
                + "\"history\":[{\"created\":\"2023-07-18T23:19:33.538571854Z\",\"created_by\":\"/bin/sh -c #(nop) ADD file:x in / \"},"
                + "{\"created\":\"2023-07-18T23:19:33.655005962Z\",\"created_by\":\"/bin/sh -c #(nop)  CMD [\\\"sh\\\"]\",\"empty_layer\":true}],"
                + "\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:3d24ee258efc3bfe4066a1a9fb83febf6dc0b1548dfe896161533668281c9f4f\"]}}";
        ImageConfig c = ImageConfigJson.read(hub.getBytes(StandardCharsets.UTF_8));
        assertThat(c.created()).isEqualTo(Instant.parse("2023-07-18T23:19:33.655005962Z"));
        assertThat(c.config().cmd()).containsExactly("sh");
        assertThat(c.config().workingDir()).isNull();
        assertThat(c.history()).hasSize(2);
        assertThat(c.history().get(1).emptyLayer()).isTrue();
        assertThat(c.diffIds()).hasSize(1);
        assertThat(c.chainIds()).isEqualTo(c.diffIds());
    }

    @Test
    void read_notJson_invalidArgument() {
        assertThatThrownBy(() -> ImageConfigJson.read("nope".getBytes())).isInstanceOf(EngineException.class);
    }

    @Test
    void formatTime_trimsTrailingZeros() {
        assertThat(ImageConfigJson.formatTime(Instant.parse("2024-01-01T00:00:00Z"))).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(ImageConfigJson.formatTime(Instant.parse("2024-01-01T00:00:00.100Z"))).isEqualTo("2024-01-01T00:00:00.1Z");
    }

    @Test
    void chainIds_followOciFormula() {
        Digest a = Digest.of("a");
        Digest b = Digest.of("b");
        assertThat(ChainId.of(List.of(a, b))).containsExactly(a, Digest.of(a + " " + b));
    }

    @Test
    void readWrite_healthcheck_dockersShapeRoundTrips() {
        String json = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Healthcheck\":"
                + "{\"Test\":[\"CMD-SHELL\",\"true\"],\"Interval\":1000000000,\"Retries\":2}}}";
        ImageConfig c = ImageConfigJson.read(json.getBytes(StandardCharsets.UTF_8));
        assertThat(c.config().healthcheck()).isEqualTo(
                new ImageConfig.HealthConfig(List.of("CMD-SHELL", "true"), 1_000_000_000L, 0, 0, 0, 2));
        assertThat(new String(ImageConfigJson.write(c), StandardCharsets.UTF_8))
                .contains("\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"true\"],\"Interval\":1000000000,\"Retries\":2}");
        assertThat(ImageConfigJson.read(ImageConfigJson.write(c))).isEqualTo(c);
    }

    @Test
    void readWrite_shellAndOnBuild_dockersShapeRoundTrips() {
        String json = "{\"architecture\":\"amd64\",\"config\":{\"Cmd\":[\"sh\"],"
                + "\"OnBuild\":[\"RUN echo hi\",\"COPY . /app\"],\"Shell\":[\"/bin/ash\",\"-eo\",\"pipefail\",\"-c\"]},"
                + "\"history\":[],\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
        ImageConfig c = ImageConfigJson.read(json.getBytes(StandardCharsets.UTF_8));
        assertThat(c.config().onBuild()).containsExactly("RUN echo hi", "COPY . /app");
        assertThat(c.config().shell()).containsExactly("/bin/ash", "-eo", "pipefail", "-c");
        assertThat(new String(ImageConfigJson.write(c), StandardCharsets.UTF_8)).isEqualTo(json);
    }

    @Test
    void write_noShellNoTriggers_bytesAsBefore() {
        ImageConfig c = sample(Map.of());
        ImageConfig cleared = c.withConfig(c.config().withOnBuildTrigger("RUN x").withoutOnBuild().withShell(null));
        assertThat(ImageConfigJson.write(cleared)).isEqualTo(ImageConfigJson.write(c));
        assertThat(new String(ImageConfigJson.write(c), StandardCharsets.UTF_8)).doesNotContain("OnBuild", "Shell");
        assertThat(ImageConfigJson.read("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"OnBuild\":null}}"
                .getBytes(StandardCharsets.UTF_8)).config().onBuild()).isEmpty();
    }
}
