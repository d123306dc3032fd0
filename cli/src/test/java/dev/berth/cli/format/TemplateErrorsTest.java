package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Go text/template's error texts: where (line, 0-based column, the node) and why. */
class TemplateErrorsTest {
    private static final Row ROW = new Row("ContainerContext", Map.of("Names", "web", "ID", "abc"));

    private static String execError(String template, Object dot, Template.Mode mode) {
        try {
            Template.parse(template).execute(dot, mode);
        } catch (TemplateException e) {
            assertThat(e.kind()).isEqualTo(TemplateException.Kind.EXEC);
            return e.getMessage();
        }
        throw new AssertionError("no error: " + template);
    }

    private static String parseError(String template) {
        try {
            Template.parse(template);
        } catch (TemplateException e) {
            assertThat(e.kind()).isEqualTo(TemplateException.Kind.PARSE);
            return e.getMessage();
        }
        throw new AssertionError("parsed: " + template);
    }

    @Test
    void aChainIsPlacedAtItsSecondField_aCommandAtItsFirstWord() {
        String nope = "can't evaluate field Nope in type *formatter.ContainerContext";
        assertThat(execError("{{.Nope}}", ROW, Template.Mode.LENIENT))
                .isEqualTo("template: :1:2: executing \"\" at <.Nope>: " + nope);
        assertThat(execError("{{.Names.Foo.Bar}}", ROW, Template.Mode.LENIENT))
                .isEqualTo("template: :1:8: executing \"\" at <.Names.Foo.Bar>: can't evaluate field Foo in type string");
        assertThat(execError("{{printf \"%s\" .Nope}}", ROW, Template.Mode.LENIENT))
                .isEqualTo("template: :1:14: executing \"\" at <.Nope>: " + nope);
        assertThat(execError("{{ index (split .Names \",\") 3 }}", ROW, Template.Mode.LENIENT))
                .isEqualTo("template: :1:3: executing \"\" at <index (split .Names \",\") 3>: "
                        + "error calling index: index out of range: 3");
        assertThat(execError("a\n\tb{{- .Nope}}", ROW, Template.Mode.LENIENT))
                .isEqualTo("template: :2:6: executing \"\" at <.Nope>: " + nope);
        assertThat(execError("{{$.Nope}}", ROW, Template.Mode.LENIENT))
                .isEqualTo("template: :1:3: executing \"\" at <$.Nope>: " + nope);
        assertThat(execError("{{upper}}", ROW, Template.Mode.LENIENT))
                .isEqualTo("template: :1:2: executing \"\" at <upper>: wrong number of args for upper: want 1 got 0");
    }

    @Test
    void mapsByMode_lenientNoValue_rawMissingKeyIsAnError() {
        Map<String, Object> obj = Map.of("State", Map.of("Status", "running"), "Cmd", List.of("sh"));
        assertThat(Template.parse("{{.State.Nope}}").execute(obj, Template.Mode.LENIENT)).isEqualTo("<no value>");
        assertThat(execError("{{.State.Nope}}", obj, Template.Mode.RAW))
                .isEqualTo("template: :1:8: executing \"\" at <.State.Nope>: map has no entry for key \"Nope\"");
        assertThat(execError("{{.Cmd.Nope}}", obj, Template.Mode.RAW))
                .isEqualTo("template: :1:6: executing \"\" at <.Cmd.Nope>: can't evaluate field Nope in type interface {}");
        Map<String, Object> withNull = new java.util.HashMap<>();
        withNull.put("Health", null);
        assertThat(execError("{{.Health.Status}}", withNull, Template.Mode.RAW))
                .isEqualTo("template: :1:9: executing \"\" at <.Health.Status>: nil pointer evaluating interface {}.Status");
    }

    @Test
    void parseErrors_nameTheLine() {
        assertThat(parseError("{{.Names")).isEqualTo("template: :1: unclosed action");
        assertThat(parseError("a\nb\n{{.Names")).isEqualTo("template: :3: unclosed action");
        assertThat(parseError("{{nope}}")).isEqualTo("template: :1: function \"nope\" not defined");
        assertThat(parseError("x\n{{range .A}}")).isEqualTo("template: :2: unexpected EOF");
        assertThat(parseError("{{if .A}}{{else}}{{else}}{{end}}")).isEqualTo("template: :1: unexpected {{else}}");
        assertThat(parseError("{{(.A}}")).isEqualTo("template: :1: unclosed left paren");
        assertThat(parseError("{{.A)}}")).isEqualTo("template: :1: unexpected right paren");
    }

    @Test
    void prefixed_keepsTheKindAndSetsTheExitCode() {
        TemplateException e = TemplateException.parse("{{", 0, "unclosed action").prefixed("template parsing error: ", 64);
        assertThat(e.getMessage()).isEqualTo("template parsing error: template: :1: unclosed action");
        assertThat(e.exitCode()).isEqualTo(64);
        assertThat(e.kind()).isEqualTo(TemplateException.Kind.PARSE);
    }

    @Test
    void listFormat_errorsAreTemplateParsingErrors_andTheHeaderNeverFails() {
        assertThatThrownBy(() -> ListFormat.render("{{.Nope}}", List.of(ROW), Map.of()))
                .hasMessage("template parsing error: template: :1:2: executing \"\" at <.Nope>: "
                        + "can't evaluate field Nope in type *formatter.ContainerContext");
        // no rows: nothing runs, nothing fails (as docker's formatter)
        assertThat(ListFormat.render("{{.Nope}}", List.of(), Map.of())).isEmpty();
        assertThat(ListFormat.render("table {{.Names}}\t{{index .ID 9}}", List.of(), Map.of("Names", "NAMES")))
                .isEqualTo("NAMES     \n"); // the header up to its error, a cell ended by its tab
    }

    @Test
    void inspect_typedThenRaw() {
        Map<String, Object> c = Map.of("Id", "abc", "Config", Map.of("Labels", Map.of("foo", "bar")),
                "State", Map.of("Status", "running"));
        Template t = Template.parse("{{.Config.Labels.nope}}|{{index .Config.Labels \"nope\"}}|{{.ID}}|{{.State.Health}}");
        assertThat(InspectFormat.execute(t, c, "container")).isEqualTo("<no value>||abc|<nil>");
        assertThat(InspectFormat.execute(Template.parse("{{.Id}}"), c, "container")).isEqualTo("abc");
        assertThatThrownBy(() -> InspectFormat.execute(Template.parse("{{.Config.Nope}}"), c, "container"))
                .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.exitCode()).isEqualTo(1))
                .hasMessage("template parsing error: template: :1:9: executing \"\" at <.Config.Nope>: "
                        + "map has no entry for key \"Nope\"");
        assertThatThrownBy(() -> InspectFormat.parse("{{.A"))
                .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.exitCode()).isEqualTo(64));
    }

    @Test
    void variables_declaredAssignedScopedAndRangedOver() {
        Map<String, Object> obj = Map.of("Name", "/c1", "Labels", new java.util.TreeMap<>(Map.of("a", "1", "b", "2")),
                "Mounts", List.of(Map.of("Destination", "/data"), Map.of("Destination", "/logs")));
        assertThat(Template.parse("{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}").execute(obj)).isEqualTo("a=1;b=2;");
        assertThat(Template.parse("{{range $i, $m := .Mounts}}{{$i}}:{{$m.Destination}}{{$.Name}} {{end}}").execute(obj))
                .isEqualTo("0:/data/c1 1:/logs/c1 ");
        assertThat(Template.parse("{{range $m := .Mounts}}{{$m.Destination}}{{end}}").execute(obj)).isEqualTo("/data/logs");
        assertThat(Template.parse("{{$n := .Name}}{{with .Mounts}}{{$n}}{{end}}{{$x := 1}}{{$x = 2}}{{$x}}").execute(obj))
                .isEqualTo("/c12");
        assertThat(Template.parse("{{with $m := .Mounts}}{{len $m}}{{end}}").execute(obj)).isEqualTo("2");
        // a variable lives until the {{end}} of the block it was declared in
        assertThat(parseError("{{if $s := .Name}}{{$s}}{{end}}{{$s}}")).isEqualTo("template: :1: undefined variable \"$s\"");
        assertThat(parseError("{{$a, $b := .Name}}")).isEqualTo("template: :1: too many declarations in command");
        assertThat(execError("{{$x = 1}}", obj, Template.Mode.LENIENT))
                .isEqualTo("template: :1:7: executing \"\" at <1>: undefined variable: $x");
    }
}
