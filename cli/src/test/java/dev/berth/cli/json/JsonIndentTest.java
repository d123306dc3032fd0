package dev.berth.cli.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outputs below are what Go's json.Indent(dst, src, "", "    ") writes for the same input. */
class JsonIndentTest {
    private static String indent(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return new String(JsonIndent.indent(b, 0, b.length, "    "), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void nested_objectsAndArrays_oneMemberPerLine_colonThenSpace() {
        assertThat(indent("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{\"d\":-2.5e3}}")).isEqualTo("""
                {
                    "a": 1,
                    "b": [
                        true,
                        null,
                        "x"
                    ],
                    "c": {
                        "d": -2.5e3
                    }
                }""");
    }

    @Test
    void emptyObjectsAndArrays_stayOnTheirLine() {
        assertThat(indent("{\"a\":{},\"b\":[],\"c\":[{}]}")).isEqualTo("""
                {
                    "a": {},
                    "b": [],
                    "c": [
                        {}
                    ]
                }""");
    }

    @Test
    void strings_keepTheDaemonsBytes_escapesAndPunctuationInside() {
        // an escaped quote, a backslash before the closing quote, JSON punctuation, \\u escapes, UTF-8
        assertThat(indent("{\"k\":\"a\\\"b,{c}:[d]\\\\\",\"h\":\"\\u003cx\\u003e<y>&\",\"u\":\"é→\"}")).isEqualTo("""
                {
                    "k": "a\\"b,{c}:[d]\\\\",
                    "h": "\\u003cx\\u003e<y>&",
                    "u": "é→"
                }""");
    }

    @Test
    void whitespaceBetweenTokens_isDropped() {
        assertThat(indent(" \r\n{ \"a\" :\t[ 1 , 2 ] }\n")).isEqualTo("{\n    \"a\": [\n        1,\n        2\n    ]\n}");
    }

    @Test
    void array_joinsTheRawAnswers_asTheDockerCliDoes() {
        assertThat(new String(JsonIndent.array(List.of(utf8("{\"Id\":\"a\"}"), utf8("{\"Id\":\"b\"}")), "    "),
                StandardCharsets.UTF_8)).isEqualTo("[\n    {\n        \"Id\": \"a\"\n    },\n    {\n        \"Id\": \"b\"\n    }\n]");
        assertThat(new String(JsonIndent.array(List.of(), "    "), StandardCharsets.UTF_8)).isEqualTo("[]");
    }

    @Test
    void truncatedJson_isAnError() {
        assertThatThrownBy(() -> indent("{\"a\":[1,2")).isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> indent("{\"a\":\"unterminated}")).isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> indent("{\"a\":1}}")).isInstanceOf(JsonException.class);
    }
}
