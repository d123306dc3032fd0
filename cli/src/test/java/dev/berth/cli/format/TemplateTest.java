package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.cli.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private final Object inspect = Json.parse(
            "{\"Id\":\"abc\",\"State\":{\"Status\":\"running\",\"Pid\":42,\"Running\":true},"
                    + "\"Config\":{\"Env\":[\"A=1\",\"B=<2>\"],\"Labels\":{\"k\":\"v\"}},\"Name\":\"/web\"}");

    @Test
    void execute_dottedPath_printsValue() {
        assertThat(Template.parse("{{.State.Status}} {{.State.Pid}}").execute(inspect)).isEqualTo("running 42");
    }

    @Test
    void execute_jsonFunction_writesCompactUnescaped() {
        assertThat(Template.parse("{{json .Config}}").execute(inspect))
                .isEqualTo("{\"Env\":[\"A=1\",\"B=<2>\"],\"Labels\":{\"k\":\"v\"}}");
    }

    @Test
    void execute_missingKey_printsNoValue() {
        assertThat(Template.parse("{{.Nope}}").execute(inspect)).isEqualTo("<no value>");
    }

    @Test
    void execute_ifElseAndRange_likeGo() {
        String t = "{{if .State.Running}}up{{else}}down{{end}}:{{range .Config.Env}}[{{.}}]{{end}}";
        assertThat(Template.parse(t).execute(inspect)).isEqualTo("up:[A=1][B=<2>]");
    }

    @Test
    void execute_functions_indexJoinUpperEq() {
        assertThat(Template.parse("{{index .Config.Labels \"k\"}}").execute(inspect)).isEqualTo("v");
        assertThat(Template.parse("{{join .Config.Env \",\"}}").execute(inspect)).isEqualTo("A=1,B=<2>");
        assertThat(Template.parse("{{.Name | upper}}").execute(inspect)).isEqualTo("/WEB");
        assertThat(Template.parse("{{if eq .State.Status \"running\"}}yes{{end}}").execute(inspect)).isEqualTo("yes");
    }

    @Test
    void execute_trimMarkers_dropSurroundingWhitespace() {
        assertThat(Template.parse("a  {{- .Id -}}  b").execute(inspect)).isEqualTo("aabcb");
    }

    @Test
    void execute_mapAndList_printGoStyle() {
        assertThat(Template.parse("{{.Config.Labels}} {{.Config.Env}}").execute(inspect)).isEqualTo("map[k:v] [A=1 B=<2>]");
    }

    @Test
    void execute_methodWithArgument_callsIt() {
        Row row = new Row("ContainerContext", Map.of("Label", (TemplateMethod) a -> "val-" + a.get(0)));
        assertThat(Template.parse("{{.Label \"x\"}}").execute(row)).isEqualTo("val-x");
    }

    @Test
    void execute_unknownRowField_fails() {
        Row row = new Row("ContainerContext", Map.of("ID", "1"));
        assertThatThrownBy(() -> Template.parse("{{.Bogus}}").execute(row)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("can't evaluate field Bogus");
    }

    @Test
    void parse_unclosedAction_fails() {
        assertThatThrownBy(() -> Template.parse("{{.ID")).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> Template.parse("{{if .A}}x")).isInstanceOf(TemplateException.class);
    }

    @Test
    void executeHeader_jsonAndUpper_returnTheHeader() {
        assertThat(Template.parse("{{upper .Names}}").executeHeader(Map.of("Names", "NAMES"))).isEqualTo("NAMES");
    }

    @Test
    void plainFieldTemplates_overRows_printWhatTheInterpreterPrints_andFailAsIt() {
        java.util.Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("ID", "abc");
        f.put("Size", (Row.Deferred) () -> "1B");
        f.put("Nil", (Row.Deferred) () -> null);
        f.put("N", 7L);
        f.put("Label", (TemplateMethod) args -> "v");
        Row row = new Row("ContainerContext", f);
        Template plain = Template.parse("{{.ID}}\t{{.Size}} {{.Nil}}|{{.N}}");
        assertThat(plain.execute(row)).isEqualTo("abc\t1B <nil>|7").isEqualTo(plain.execute(row, Template.Mode.LENIENT));
        // a method or a field the row lacks goes through the interpreter, with its error
        for (String t : new String[] {"{{.ID}} {{.Label}}", "{{.ID}}{{.Nope}}"}) {
            Template tmpl = Template.parse(t);
            Throwable fast = org.assertj.core.api.Assertions.catchThrowable(() -> tmpl.execute(row));
            Throwable slow = org.assertj.core.api.Assertions.catchThrowable(() -> tmpl.execute(row, Template.Mode.LENIENT));
            assertThat(fast).isNotNull().hasMessage(slow.getMessage());
        }
    }
}
