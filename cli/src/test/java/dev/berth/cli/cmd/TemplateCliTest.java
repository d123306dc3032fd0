package dev.berth.cli.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.CliContext;
import dev.berth.cli.FakeDaemon;
import dev.berth.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --format} and {@code inspect -f} as the docker CLI 28 answers them: Go's error text with line,
 * column and node, each command's prefix and exit code, and inspect's typed-then-raw run. The expected
 * texts are the real docker CLI's over the same objects.
 */
class TemplateCliTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_100), ZoneOffset.UTC);
    private static final String CONTAINERS = "[{\"Id\":\"0123456789abcdef\",\"Names\":[\"/web\"],\"Image\":\"bb\","
            + "\"Command\":\"sh\",\"Created\":1700000000,\"Ports\":[],\"Labels\":{\"foo\":\"bar\"},\"State\":\"created\","
            + "\"Status\":\"Created\"}]";
    private static final String IMAGES = "[{\"Id\":\"sha256:74cc94c3a88d\",\"RepoTags\":[\"bb:latest\"],\"Created\":1700000000,"
            + "\"Size\":1982000,\"Containers\":-1}]";
    private static final String CONTAINER = "{\"Id\":\"2a6fb4fb6b0c\",\"Name\":\"/c1\",\"Args\":[],"
            + "\"State\":{\"Status\":\"created\",\"Pid\":0},"
            + "\"HostConfig\":{\"LogConfig\":{\"Type\":\"json-file\",\"Config\":{}},\"Sysctls\":null},"
            + "\"Mounts\":[{\"Type\":\"volume\",\"Destination\":\"/data\"}],"
            + "\"Config\":{\"Labels\":{\"foo\":\"bar\"},\"Volumes\":{\"/data\":{}},\"Entrypoint\":null,\"Cmd\":[\"sh\"],"
            + "\"StopSignal\":null},"
            + "\"NetworkSettings\":{\"Networks\":{\"bridge\":{\"DriverOpts\":null,\"Aliases\":null}}}}";
    private static final String VOLUME = "{\"Name\":\"v1\",\"Driver\":\"local\",\"Labels\":{\"a\":\"b\"},\"Options\":null,"
            + "\"Scope\":\"local\"}";
    private static final String NETWORK = "{\"Name\":\"net1\",\"Id\":\"8664\",\"Labels\":{\"n\":\"m\"},\"Options\":{},"
            + "\"IPAM\":{\"Options\":null,\"Config\":null},\"Containers\":{}}";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private record Result(int code, String out, String err) {}

    private Result berth(String... args) throws Exception {
        out.reset();
        err.reset();
        try (FakeDaemon d = new FakeDaemon(r -> answer(r.target()))) {
            CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                    Map.of("DOCKER_HOST", d.host()), CLOCK);
            int code = Main.run(args, ctx);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    private static byte[] answer(String target) {
        String path = target.replaceFirst("^/v[0-9.]+", "").replaceFirst("\\?.*", "");
        return switch (path) {
            case "/containers/json" -> FakeDaemon.json(200, CONTAINERS);
            case "/images/json" -> FakeDaemon.json(200, IMAGES);
            case "/volumes" -> FakeDaemon.json(200, "{\"Volumes\":[" + VOLUME + "],\"Warnings\":null}");
            case "/networks" -> FakeDaemon.json(200, "[" + NETWORK + "]");
            case "/containers/c1/json" -> FakeDaemon.json(200, CONTAINER);
            case "/volumes/v1" -> FakeDaemon.json(200, VOLUME);
            case "/networks/net1" -> FakeDaemon.json(200, NETWORK);
            case "/info" -> FakeDaemon.json(200, "{\"ID\":\"abc\",\"Containers\":2,\"Swarm\":{\"LocalNodeState\":\"inactive\"},"
                    + "\"Plugins\":{\"Volume\":[\"local\"]},\"Runtimes\":{\"runc\":{\"path\":\"runc\"}}}");
            case "/version" -> FakeDaemon.json(200, "{\"Version\":\"28.2.0\",\"ApiVersion\":\"1.50\"}");
            default -> FakeDaemon.json(404, "{\"message\":\"No such object\"}");
        };
    }

    private void expectError(String stderr, int code, String... args) throws Exception {
        Result r = berth(args);
        assertThat(r.err()).as(String.join(" ", args)).isEqualTo(stderr + "\n");
        assertThat(r.code()).as(String.join(" ", args)).isEqualTo(code);
    }

    private void expectOut(String stdout, String... args) throws Exception {
        Result r = berth(args);
        assertThat(r.out()).as(String.join(" ", args)).isEqualTo(stdout);
        assertThat(r.err()).as(String.join(" ", args)).isEmpty();
        assertThat(r.code()).as(String.join(" ", args)).isZero();
    }

    @Test
    void ps_executionErrors_nameLineColumnAndNode_failedToExecute() throws Exception {
        String ctx = "can't evaluate field Nope in type *formatter.ContainerContext";
        expectError("failed to execute template: template: :1:2: executing \"\" at <.Nope>: " + ctx, 1,
                "ps", "-a", "--format", "{{.Nope}}");
        expectError("failed to execute template: template: :1:12: executing \"\" at <.Nope>: " + ctx, 1,
                "ps", "-a", "--format", "{{.Names}}{{.Nope}}");
        // the probe runs over the text as given: "table " counts
        expectError("failed to execute template: template: :1:8: executing \"\" at <.Nope>: " + ctx, 1,
                "ps", "-a", "--format", "table {{.Nope}}");
        expectError("failed to execute template: template: :2:2: executing \"\" at <.Nope>: " + ctx, 1,
                "ps", "-a", "--format", "x\n{{.Nope}}");
        expectError("failed to execute template: template: :1:7: executing \"\" at <.Nope>: " + ctx, 1,
                "ps", "-a", "--format", "{{json .Nope}}");
        expectError("failed to execute template: template: :1:8: executing \"\" at <.Names.Foo>: "
                + "can't evaluate field Foo in type string", 1, "ps", "-a", "--format", "{{.Names.Foo}}");
        expectError("failed to execute template: template: :1:2: executing \"\" at <.Label>: "
                + "wrong number of args for Label: want 1 got 0", 1, "ps", "-a", "--format", "{{.Label}}");
        expectError("failed to execute template: template: :1:2: executing \"\" at <.Names>: "
                + "wrong number of args for Names: want 0 got 1", 1, "ps", "-a", "--format", "{{.Names \"x\"}}");
        // the probe's empty container has no names
        expectError("failed to execute template: template: :1:2: executing \"\" at <index .Names 1>: "
                + "error calling index: index out of range: 1", 1, "ps", "-a", "--format", "{{index .Names 1}}");
        expectError("failed to execute template: template: :1:2: executing \"\" at <len 3>: "
                + "error calling len: len of type int", 1, "ps", "-a", "--format", "{{len 3}}");
        expectError("failed to execute template: template: :1:8: executing \"\" at <.Names>: range can't iterate over ",
                1, "ps", "-a", "--format", "{{range .Names}}x{{end}}");
    }

    @Test
    void ps_parseErrors_failedToParse() throws Exception {
        String p = "failed to parse template: template: ";
        expectError(p + ":1: unclosed action", 1, "ps", "-a", "--format", "{{.Names");
        expectError(p + ":2: unclosed action", 1, "ps", "-a", "--format", "a\n{{.Names");
        expectError(p + ":1: function \"nope\" not defined", 1, "ps", "-a", "--format", "{{nope .Names}}");
        expectError(p + ":1: function \"nope\" not defined", 1, "ps", "-a", "--format", "{{.Names | nope}}");
        expectError(p + ":1: unexpected EOF", 1, "ps", "-a", "--format", "{{if .Names}}x");
        expectError(p + ":1: unexpected {{end}}", 1, "ps", "-a", "--format", "{{end}}");
        expectError(p + ":1: unexpected {{else}}", 1, "ps", "-a", "--format", "{{else}}");
        expectError(p + ":1: unterminated quoted string", 1, "ps", "-a", "--format", "{{\"abc}}");
        expectError(p + ":1: missing value for command", 1, "ps", "-a", "--format", "{{}}");
        expectError(p + ":1: missing value for if", 1, "ps", "-a", "--format", "{{if}}{{end}}");
        expectError(p + ":1: unclosed left paren", 1, "ps", "-a", "--format", "{{(.Names}}");
        expectError(p + ":1: unexpected right paren", 1, "ps", "-a", "--format", "{{.Names)}}");
        expectError(p + ":1: undefined variable \"$y\"", 1, "ps", "-a", "--format", "{{$y}}");
        // and -q still checks the template, after its warning
        expectError("WARNING: Ignoring custom format, because both --format and --quiet are set.\n"
                + p + ":1: unclosed action", 1, "ps", "-q", "--format", "{{.Names");
    }

    @Test
    void ps_whatGoAccepts() throws Exception {
        expectOut("web\n", "ps", "-a", "--format", "{{.Names |}}");
        expectOut("web&lt;a&gt;a\\\"b\n", "ps", "-a", "--format", "{{urlquery .Names}}{{html \"<a>\"}}{{js \"a\\\"b\"}}");
        expectOut("bc\n", "ps", "-a", "--format", "{{slice \"abc\" 1}}");
        // the probe's empty container has no names, so this fails as in docker
        expectError("failed to execute template: template: :1:2: executing \"\" at <slice .Names 1>: "
                + "error calling slice: index out of range: 1", 1, "ps", "-a", "--format", "{{slice .Names 1}}");
    }

    @Test
    void listCommands_templateParsingError() throws Exception {
        String p = "template parsing error: template: ";
        expectError(p + ":1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.imageContext", 1,
                "images", "--format", "{{.Nope}}");
        expectError(p + ":1:18: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.imageContext", 1,
                "images", "--format", "{{.Repository}} {{.Nope}}");
        expectError(p + ":1: unclosed action", 1, "images", "--format", "{{.Repository");
        expectError(p + ":1: function \"nope\" not defined", 1, "images", "--format", "{{nope}}");
        expectError(p + ":1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.volumeContext", 1,
                "volume", "ls", "--format", "{{.Nope}}");
        expectError(p + ":1: unclosed action", 1, "volume", "ls", "--format", "{{.Name");
        expectError(p + ":1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *network.networkContext", 1,
                "network", "ls", "--format", "{{.Nope}}");
        expectError(p + ":1: unclosed action", 1, "network", "ls", "--format", "{{.Name");
    }

    @Test
    void inspect_missingStructField_isAnError_fromTheRawRun() throws Exception {
        String p = "template parsing error: template: ";
        String[][] cases = {
            {"{{.Nope}}", ":1:2: executing \"\" at <.Nope>: map has no entry for key \"Nope\""},
            {"{{json .Nope}}", ":1:7: executing \"\" at <.Nope>: map has no entry for key \"Nope\""},
            {"{{range .Mounts}}{{.Nope}}{{end}}", ":1:19: executing \"\" at <.Nope>: map has no entry for key \"Nope\""},
            {"{{.State.Nope}}", ":1:8: executing \"\" at <.State.Nope>: map has no entry for key \"Nope\""},
            {"{{.State.Status}} {{.Nope}}", ":1:20: executing \"\" at <.Nope>: map has no entry for key \"Nope\""},
            {"{{.HostConfig.LogConfig.Nope}}",
                ":1:13: executing \"\" at <.HostConfig.LogConfig.Nope>: map has no entry for key \"Nope\""},
            {"{{.State.Health.Status}}", ":1:8: executing \"\" at <.State.Health.Status>: map has no entry for key \"Health\""},
            {"{{.Config.Cmd.Nope}}", ":1:9: executing \"\" at <.Config.Cmd.Nope>: can't evaluate field Nope in type interface {}"},
            {"a\nb {{.Nope}}", ":2:4: executing \"\" at <.Nope>: map has no entry for key \"Nope\""},
        };
        for (String[] c : cases) {
            Result r = berth("inspect", "-f", c[0], "c1");
            assertThat(r.err()).as(c[0]).isEqualTo(p + c[1] + "\n");
            // the docker CLI prints an empty line when no object printed anything
            assertThat(r.out()).as(c[0]).isEqualTo("\n");
            assertThat(r.code()).as(c[0]).isEqualTo(1);
        }
        // container inspect the same; volume inspect runs only the typed template
        expectError(p + ":1:2: executing \"\" at <.Nope>: map has no entry for key \"Nope\"", 1,
                "container", "inspect", "-f", "{{.Nope}}", "c1");
        expectError(p + ":1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type volume.Volume", 1,
                "volume", "inspect", "-f", "{{.Nope}}", "v1");
        expectError(p + ":1:2: executing \"\" at <.Nope>: map has no entry for key \"Nope\"", 1,
                "network", "inspect", "-f", "{{.Nope}}", "net1");
    }

    @Test
    void inspect_goMapsOfStrings_noValueForAField_emptyForIndex() throws Exception {
        expectOut("bar\n", "inspect", "-f", "{{.Config.Labels.foo}}", "c1");
        expectOut("<no value>\n", "inspect", "-f", "{{.Config.Labels.nope}}", "c1");
        expectOut("\n", "inspect", "-f", "{{index .Config.Labels \"nope\"}}", "c1");
        expectOut("<no value>\n", "inspect", "-f", "{{.HostConfig.LogConfig.Config.nope}}", "c1");
        expectOut("\n", "inspect", "-f", "{{index .HostConfig.LogConfig.Config \"nope\"}}", "c1");
        expectOut("<no value>\n", "inspect", "-f", "{{.HostConfig.Sysctls.x}}", "c1");
        expectOut("map[]|null\n", "inspect", "-f", "{{.HostConfig.Sysctls}}|{{json .HostConfig.Sysctls}}", "c1");
        expectOut("<nil>\n", "inspect", "-f", "{{index .NetworkSettings.Networks \"nope\"}}", "c1");
        expectOut("x\n", "inspect", "-f", "{{index .NetworkSettings.Networks.bridge.DriverOpts \"x\"}}x", "c1");
        expectOut("map[/data:{}]|{}\n", "inspect", "-f", "{{.Config.Volumes}}|{{index .Config.Volumes \"x\"}}", "c1");
        expectOut("\n", "inspect", "-f", "{{index .Labels \"nope\"}}", "v1");
        expectOut("<no value>\n", "inspect", "-f", "{{.Options.nope}}", "v1");
        expectOut("\n", "network", "inspect", "-f", "{{index .Labels \"nope\"}}", "net1");
        expectOut("{    }\n", "inspect", "-f", "{{index .Containers \"x\"}}", "net1");
    }

    @Test
    void inspect_goTypesZeroValues_andTheIdField() throws Exception {
        // the Go field is ID; "Id" is only the raw run's, which has no "ID"
        expectOut("2a6fb4fb6b0c\n", "inspect", "-f", "{{.ID}}", "c1");
        expectOut("2a6fb4fb6b0c\n", "inspect", "-f", "{{.Id}}", "c1");
        expectError("template parsing error: template: :1:2: executing \"\" at <.ID>: map has no entry for key \"ID\"", 1,
                "inspect", "-f", "{{.ID}}|{{.Id}}", "c1");
        expectOut("<nil>\n", "inspect", "-f", "{{.State.Health}}", "c1");
        expectOut("[]|[]|\n", "inspect", "-f", "{{.Config.Entrypoint}}|{{.NetworkSettings.Networks.bridge.Aliases}}|"
                + "{{.Config.StopSignal}}", "c1");
        expectOut("null\n", "inspect", "-f", "{{json .Config.Entrypoint}}", "c1");
        expectOut("8664\n", "inspect", "-f", "{{.ID}}", "net1");
        // the raw run's index of a missing key: Go's invalid value
        expectOut("<no value>\n", "inspect", "-f", "{{index .State \"x\"}}", "c1");
    }

    @Test
    void inspect_parseError_exits64_andTemplateIsTheTextAsGiven() throws Exception {
        expectError("template parsing error: template: :1: unclosed action", 64, "inspect", "-f", "{{.Names", "c1");
        expectError("template parsing error: template: :1: function \"nope\" not defined", 64, "inspect", "-f", "{{nope}}", "c1");
        expectError("template parsing error: template: :1: unclosed action", 64, "volume", "inspect", "-f", "{{.Name", "v1");
        // no "table" handling, no \t replacement, spaces kept
        expectOut("table /c1\\t/c1 \n", "inspect", "-f", "table {{.Name}}\\t{{.Name}} ", "c1");
    }

    @Test
    void inspect_eachObjectsErrorInOrder_othersStillPrint() throws Exception {
        Result r = berth("inspect", "-f", "{{.Name}}{{.Nope}}", "c1", "nosuch", "v1");
        String e = "template parsing error: template: :1:11: executing \"\" at <.Nope>: map has no entry for key \"Nope\"";
        assertThat(r.err()).isEqualTo(e + "\nError: No such object: nosuch\n" + e + "\n");
        assertThat(r.out()).isEqualTo("\n");
        assertThat(r.code()).isEqualTo(1);
        r = berth("inspect", "-f", "{{.Name}}", "nosuch", "c1");
        assertThat(r.out()).isEqualTo("/c1\n");
        assertThat(r.err()).isEqualTo("Error: No such object: nosuch\n");
    }

    @Test
    void inspect_formatJson_isTheCompactArray() throws Exception {
        expectOut("[" + CONTAINER + "," + VOLUME + "]\n", "inspect", "-f", "json", "c1", "v1");
    }

    @Test
    void infoAndVersion_goStructs_partialOutputThenTheError() throws Exception {
        Result r = berth("info", "--format", "{{.ID}}{{.Nope.X}}");
        assertThat(r.out()).isEqualTo("abc\n");
        assertThat(r.err()).isEqualTo("template: :1:14: executing \"\" at <.Nope.X>: "
                + "can't evaluate field Nope in type system.dockerInfo\n");
        assertThat(r.code()).isEqualTo(1);
        expectError("template: :1:8: executing \"\" at <.Swarm.Nope>: can't evaluate field Nope in type swarm.Info", 1,
                "info", "--format", "{{.Swarm.Nope}}");
        expectOut("<no value>\n", "info", "--format", "{{.Runtimes.nope}}");
        expectOut("table abc\n", "info", "--format", "table {{.ID}}");
        expectError("template parsing error: template: :1: unclosed action", 64, "info", "--format", "{{.ID");
        // version's template has a name
        expectError("template: version:1:9: executing \"version\" at <.Server.Nope>: "
                + "can't evaluate field Nope in type *types.Version", 1, "version", "--format", "{{.Server.Nope}}");
        expectError("template parsing error: template: version:1: unclosed action", 64, "version", "--format", "{{.Names");
        expectOut("28.2.0 1.50\n", "version", "--format", "{{.Server.Version}} {{.Server.APIVersion}}");
        expectError("template: version:1:9: executing \"version\" at <.Client.ApiVersion>: "
                + "can't evaluate field ApiVersion in type system.clientVersion", 1,
                "version", "--format", "{{.Client.ApiVersion}}");
    }

    @Test
    void inspectOfOneKind_notFound_isTheDaemonsError() throws Exception {
        Result r = berth("image", "inspect", "-f", "{{.Id}}", "nosuch");
        assertThat(r.out()).isEqualTo("\n");
        assertThat(r.err()).isEqualTo("Error response from daemon: No such object\n");
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    void listFields_asTheDockerCliHasThem() throws Exception {
        expectOut("SIZE      SIZE\n1.982MB   1.98MB\n", "images", "--format", "table {{.VirtualSize}}\t{{.Size}}");
        expectOut("N/A v1\n", "volume", "ls", "--format", "{{.Group}} {{.Name}}");
    }
}
