package dev.berth.cli.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parse_nestedDocument_givesMapsListsAndScalars() {
        Object v = Json.parse("{\"a\":[1,2.5,\"x\",true,null],\"b\":{\"c\":-3},\"e\":1e3}");
        assertThat(Json.path(v, "a")).isEqualTo(java.util.Arrays.asList(1L, 2.5, "x", true, null));
        assertThat(Json.path(v, "b", "c")).isEqualTo(-3L);
        assertThat(Json.path(v, "e")).isEqualTo(1000.0);
    }

    @Test
    void parse_escapes_decodesUnicodeAndControls() {
        assertThat(Json.parse("\"a\\u003cb\\n\\\"q\\\"\\/\"")).isEqualTo("a<b\n\"q\"/");
    }

    @Test
    void parse_stringsWithAndWithoutEscapes_andJsonWhitespace() {
        assertThat(Json.parse(" {\t\"plain\" :\r\n\"abc\" , \"mixed\": \"long plain start\\tthen \\u00e9\"}\n"))
                .isEqualTo(Map.of("plain", "abc", "mixed", "long plain start\tthen \u00e9"));
        assertThat(Json.parse("[\"\", \"\\\\\"]")).isEqualTo(List.of("", "\\"));
    }

    @Test
    void parse_whitespaceIsJsonsFourCharactersOnly_asGoReadsIt() {
        assertThatThrownBy(() -> Json.parse("\f[1]")).isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> Json.parse("[1,\u00a02]")).isInstanceOf(JsonException.class);
    }

    @Test
    void parse_keepsKeyOrder() {
        Map<String, Object> m = Json.map(Json.parse("{\"z\":1,\"a\":2,\"m\":3}"));
        assertThat(m.keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void parse_malformed_throws() {
        assertThatThrownBy(() -> Json.parse("{\"a\":}")).isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> Json.parse("[1,2] x")).isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> Json.parse("\"open")).isInstanceOf(JsonException.class);
    }

    @Test
    void parse_hugeInteger_fallsBackToDouble() {
        assertThat(Json.parse("123456789012345678901234")).isInstanceOf(Double.class);
    }

    @Test
    void write_compact_escapesLikeGo() {
        Map<String, Object> m = Json.object();
        m.put("s", "<none>&\"\t");
        m.put("n", 5L);
        m.put("d", 2.5);
        m.put("l", List.of());
        m.put("o", Map.of());
        m.put("z", null);
        assertThat(Json.write(m)).isEqualTo("{\"s\":\"\\u003cnone\\u003e\\u0026\\\"\\t\",\"n\":5,\"d\":2.5,\"l\":[],\"o\":{},\"z\":null}");
        assertThat(Json.writeUnescaped("<a>")).isEqualTo("\"<a>\"");
    }

    @Test
    void writeIndented_fourSpaces_matchesDockerInspectLayout() {
        Object v = Json.parse("[{\"Id\":\"x\",\"Config\":{\"Env\":[\"A=1\"]},\"Empty\":[]}]");
        assertThat(Json.writeIndented(v, "    ")).isEqualTo(
                "[\n    {\n        \"Id\": \"x\",\n        \"Config\": {\n            \"Env\": [\n                \"A=1\"\n"
                        + "            ]\n        },\n        \"Empty\": []\n    }\n]");
    }

    @Test
    void write_roundTrip_isStable() {
        String text = "{\"a\":[1,{\"b\":\"c\"}],\"d\":false,\"e\":0.125}";
        assertThat(Json.write(Json.parse(text))).isEqualTo(text);
    }

    @Test
    void formatDouble_wholeAndTinyNumbers_goStyle() {
        assertThat(Json.formatDouble(3.0)).isEqualTo("3");
        assertThat(Json.formatDouble(1e21)).isEqualTo("1e+21");
        assertThat(Json.formatDouble(1e-7)).isEqualTo("1e-07");
    }

    @Test
    void forEach_concatenatedObjects_deliversEachInOrder() throws Exception {
        java.util.List<Object> got = new java.util.ArrayList<>();
        String s = "{\"status\":\"a}\"}\n{\"status\":\"b\"}{\"x\":[1]}";
        JsonStream.forEach(new java.io.ByteArrayInputStream(s.getBytes()), got::add);
        assertThat(got).hasSize(3);
        assertThat(Json.str(got.get(0), "status")).isEqualTo("a}");
    }

    @Test
    void parseDeferring_skipsTheNamedMembers_andTheHelpersSeeThroughThem() {
        String text = "[{\"Id\":\"a\",\"NetworkSettings\":{\"Networks\":{\"b r\":{\"IP\":\"x\\\"]}\"}}},\"Mounts\":[],"
                + "\"Labels\":{\"k\":\"v\"},\"N\":7},{\"Id\":\"b\",\"Labels\" : null , \"Mounts\":[{\"Name\":\"v\"}]}]";
        List<Object> list = Json.list(Json.parseDeferring(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Set.of("NetworkSettings", "Mounts", "Labels")));
        Map<String, Object> a = Json.map(list.get(0));
        assertThat(a.get("NetworkSettings")).isInstanceOf(JsonDeferred.class);
        assertThat(a.get("Id")).isEqualTo("a");
        assertThat(a.get("N")).isEqualTo(7L);
        assertThat(Json.str(a, "NetworkSettings", "Networks", "b r", "IP")).isEqualTo("x\"]}");
        assertThat(Json.map(a.get("Labels"))).isEqualTo(Map.of("k", "v"));
        assertThat(Json.list(a.get("Mounts"))).isEmpty();
        Map<String, Object> b = Json.map(list.get(1));
        assertThat(Json.map(b.get("Labels"))).isEmpty();
        assertThat(Json.str(Json.list(b.get("Mounts")).get(0), "Name")).isEqualTo("v");
    }

    @Test
    void parse_utf8AroundEscapes_andNumbersReadWhileScanned() {
        assertThat(Json.parse("\"é→😀\\n\\u00e9x😀\"")).isEqualTo("é→😀\néx😀");
        assertThat(Json.parse("[0,-0,-12,123456789012345678,1234567890123456789,99999999999999999999,1.5,-2e3]"))
                .isEqualTo(List.of(0L, 0L, -12L, 123456789012345678L, 1234567890123456789L, 1e20, 1.5, -2000.0));
        assertThatThrownBy(() -> Json.parse("[-]")).isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> Json.parse("\"\\u12g4\"")).isInstanceOf(JsonException.class);
    }
}
