package dev.berth.cli.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.CliContext;
import dev.berth.cli.FakeDaemon;
import dev.berth.cli.Main;
import dev.berth.cli.http.StreamDemux;
import dev.berth.cli.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_100), ZoneOffset.UTC);

    private int berth(FakeDaemon d, String... args) {
        CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                Map.of("DOCKER_HOST", d.host()), CLOCK);
        return Main.run(args, ctx);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static FakeDaemon daemon(Function<FakeDaemon.Request, byte[]> h) throws Exception {
        return new FakeDaemon(h);
    }

    @Test
    void inspect_noSuchObject_printsErrorAndExits1() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(404, "{\"message\":\"No such container: x\"}"))) {
            assertThat(berth(d, "inspect", "x")).isEqualTo(1);
            assertThat(err()).isEqualTo("Error: No such object: x\n");
            assertThat(out()).isEqualTo("[]\n");
        }
    }

    @Test
    void containerInspect_noSuchContainer_printsDaemonMessageAndExits1() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(404, "{\"message\":\"No such container: x\"}"))) {
            assertThat(berth(d, "container", "inspect", "x")).isEqualTo(1);
            assertThat(err()).isEqualTo("Error response from daemon: No such container: x\n");
        }
    }

    @Test
    void inspect_format_rendersTemplatePerObject() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, "{\"State\":{\"Status\":\"exited\"}}"))) {
            assertThat(berth(d, "inspect", "-f", "{{.State.Status}}", "a")).isEqualTo(0);
            assertThat(out()).isEqualTo("exited\n");
        }
    }

    @Test
    void inspect_printsTheDaemonsJsonIndented_byteForByte_asTheDockerCliDoes() throws Exception {
        // the docker CLI indents the raw answers (Go's json.Indent): a daemon's raw "<" stays "<", its
        // "\u003c" stays "\u003c", numbers keep their spelling; two names give one array
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, r.target().contains("/a/")
                ? "{\"Name\":\"/a\",\"Config\":{\"Labels\":{\"x\":\"a<b&c\",\"y\":\"\\u003cq\\u003e\"}},\"N\":1.50}"
                : "{\"Name\":\"/b\",\"Mounts\":[]}"))) {
            assertThat(berth(d, "inspect", "a", "b")).isEqualTo(0);
            assertThat(out()).isEqualTo("""
                    [
                        {
                            "Name": "/a",
                            "Config": {
                                "Labels": {
                                    "x": "a<b&c",
                                    "y": "\\u003cq\\u003e"
                                }
                            },
                            "N": 1.50
                        },
                        {
                            "Name": "/b",
                            "Mounts": []
                        }
                    ]
                    """);
        }
    }

    @Test
    void stop_daemonError_printsErrorResponseAndExits1() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(404, "{\"message\":\"No such container: x\"}"))) {
            assertThat(berth(d, "stop", "x")).isEqualTo(1);
            assertThat(err()).isEqualTo("Error response from daemon: No such container: x\n");
        }
    }

    @Test
    void run_createFails_exits125WithDockerPrefix() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(409, "{\"message\":\"Conflict. The container name \\\"/a\\\" is already in use\"}"))) {
            assertThat(berth(d, "run", "--name", "a", "alpine")).isEqualTo(125);
            assertThat(err()).startsWith("berth: Error response from daemon: Conflict.");
        }
    }

    @Test
    void run_missingImageAndPullFails_saysUnableToFindAndExits125() throws Exception {
        try (FakeDaemon d = daemon(r -> r.target().startsWith("/v1.50/images/create")
                ? FakeDaemon.json(501, "{\"message\":\"pull is not supported\"}")
                : FakeDaemon.json(404, "{\"message\":\"No such image: alpine:latest\"}"))) {
            assertThat(berth(d, "run", "alpine")).isEqualTo(125);
            assertThat(err()).startsWith("Unable to find image 'alpine:latest' locally\n"
                    + "berth: Error response from daemon: pull is not supported\n");
        }
    }

    @Test
    void run_startFailsExecutableMissing_exits127() throws Exception {
        try (FakeDaemon d = daemon(r -> {
            if (r.target().contains("/create")) return FakeDaemon.json(201, "{\"Id\":\"abc\",\"Warnings\":[]}");
            if (r.target().contains("/start")) {
                return FakeDaemon.json(400, "{\"message\":\"exec: \\\"nope\\\": executable file not found in $PATH\"}");
            }
            return FakeDaemon.json(200, "{}");
        })) {
            assertThat(berth(d, "run", "-d", "alpine", "nope")).isEqualTo(127);
        }
    }

    @Test
    void run_attached_demuxesOutputAndExitsWithContainerCode() throws Exception {
        byte[] attach = FakeDaemon.concat(
                "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n".getBytes(),
                StreamDemux.frame(1, "hi\n".getBytes()), StreamDemux.frame(2, "warn\n".getBytes()));
        try (FakeDaemon d = daemon(r -> {
            if (r.target().contains("/containers/create")) return FakeDaemon.json(201, "{\"Id\":\"abc\"}");
            if (r.target().contains("/attach")) return attach;
            if (r.target().contains("/wait")) return FakeDaemon.json(200, "{\"StatusCode\":3}");
            return "HTTP/1.1 204 No Content\r\n\r\n".getBytes();
        })) {
            assertThat(berth(d, "run", "--rm", "-e", "A=1", "alpine", "sh", "-c", "echo hi; exit 3", "--not-a-flag")).isEqualTo(3);
            assertThat(out()).isEqualTo("hi\n");
            assertThat(err()).isEqualTo("warn\n");
            FakeDaemon.Request create = d.requests.get(0);
            Object body = Json.parse(new String(create.body(), StandardCharsets.UTF_8));
            assertThat(Json.path(body, "Cmd")).isEqualTo(java.util.List.of("sh", "-c", "echo hi; exit 3", "--not-a-flag"));
            assertThat(Json.path(body, "Env")).isEqualTo(java.util.List.of("A=1"));
            assertThat(Json.path(body, "HostConfig", "AutoRemove")).isEqualTo(true);
            assertThat(d.requests).anyMatch(r -> r.target().equals("/v1.50/containers/abc/wait?condition=removed"));
            assertThat(d.requests).anyMatch(r -> r.target().equals("/v1.50/containers/abc/attach?stream=1&stdout=1&stderr=1"));
        }
    }

    @Test
    void create_resourceFlags_mapToHostConfig() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(201, "{\"Id\":\"abc\"}"))) {
            assertThat(berth(d, "create", "--name", "w", "-m", "64m", "--cpus", "1.5", "-p", "127.0.0.1:8080:80/udp",
                    "-v", "/h:/c:ro", "--restart", "on-failure:3", "--read-only", "--tmpfs", "/run:size=1m", "alpine")).isEqualTo(0);
            assertThat(out()).isEqualTo("abc\n");
            Object body = Json.parse(new String(d.requests.get(0).body(), StandardCharsets.UTF_8));
            assertThat(d.requests.get(0).target()).isEqualTo("/v1.50/containers/create?name=w");
            assertThat(Json.path(body, "HostConfig", "Memory")).isEqualTo(64L << 20);
            assertThat(Json.path(body, "HostConfig", "NanoCpus")).isEqualTo(1_500_000_000L);
            assertThat(Json.write(Json.path(body, "HostConfig", "PortBindings")))
                    .isEqualTo("{\"80/udp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8080\"}]}");
            assertThat(Json.path(body, "HostConfig", "Binds")).isEqualTo(java.util.List.of("/h:/c:ro"));
            assertThat(Json.path(body, "HostConfig", "RestartPolicy", "MaximumRetryCount")).isEqualTo(3L);
            assertThat(Json.path(body, "HostConfig", "Tmpfs", "/run")).isEqualTo("size=1m");
        }
    }

    @Test
    void create_volumes_namedInBinds_pathsInVolumes_driverInHostConfig() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(201, "{\"Id\":\"abc\"}"))) {
            assertThat(berth(d, "create", "-v", "data:/d:ro", "-v", "/scratch", "--volume-driver", "sample", "alpine"))
                    .isEqualTo(0);
            Object body = Json.parse(new String(d.requests.get(0).body(), StandardCharsets.UTF_8));
            assertThat(Json.path(body, "HostConfig", "Binds")).isEqualTo(java.util.List.of("data:/d:ro"));
            assertThat(Json.write(Json.path(body, "Volumes"))).isEqualTo("{\"/scratch\":{}}");
            assertThat(Json.path(body, "HostConfig", "VolumeDriver")).isEqualTo("sample");
        }
    }

    @Test
    void create_mountAndVolumesFrom_asTheDockerCliSendsThem() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(201, "{\"Id\":\"abc\"}"))) {
            assertThat(berth(d, "create", "--volumes-from", "src:ro",
                    "--mount", "type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1770",
                    "--mount", "src=v,target=/v,readonly,volume-nocopy,volume-driver=sample,volume-opt=size=1",
                    "--mount", "type=bind,source=/h,target=/b,bind-propagation=rslave,bind-nonrecursive", "alpine"))
                    .isEqualTo(0);
            Object body = Json.parse(new String(d.requests.get(0).body(), StandardCharsets.UTF_8));
            assertThat(Json.path(body, "HostConfig", "VolumesFrom")).isEqualTo(java.util.List.of("src:ro"));
            assertThat(Json.write(Json.path(body, "HostConfig", "Mounts"))).isEqualTo("["
                    + "{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":1048576,\"Mode\":1016}},"
                    + "{\"Type\":\"volume\",\"Source\":\"v\",\"Target\":\"/v\",\"ReadOnly\":true,\"VolumeOptions\":"
                    + "{\"NoCopy\":true,\"DriverConfig\":{\"Name\":\"sample\",\"Options\":{\"size\":\"1\"}}}},"
                    + "{\"Type\":\"bind\",\"Source\":\"/h\",\"Target\":\"/b\",\"BindOptions\":"
                    + "{\"Propagation\":\"rslave\",\"NonRecursive\":true}}]");
            assertThat(berth(d, "create", "--mount", "type=bind,bogus=1", "alpine")).isEqualTo(125);
        }
    }

    @Test
    void create_mountOptionsOfApi144And145_asTheDockerCliSendsThem() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(201, "{\"Id\":\"abc\"}"))) {
            assertThat(berth(d, "create",
                    "--mount", "src=site,dst=/srv,volume-subpath=public/html,volume-label=tier=web,volume-label=solo",
                    "--mount", "type=bind,src=/h,dst=/w,ro,bind-recursive=writable",
                    "--mount", "type=bind,src=/h,dst=/r,ro,bind-propagation=rprivate,bind-recursive=readonly",
                    "--mount", "type=bind,src=/h,dst=/d,bind-recursive=disabled",
                    "--mount", "type=bind,src=/h,dst=/e,bind-recursive=enabled",
                    "--mount", "type=image,src=busybox,dst=/img,image-subpath=etc", "alpine")).isEqualTo(0);
            Object body = Json.parse(new String(d.requests.get(0).body(), StandardCharsets.UTF_8));
            assertThat(Json.write(Json.path(body, "HostConfig", "Mounts"))).isEqualTo("["
                    + "{\"Type\":\"volume\",\"Source\":\"site\",\"Target\":\"/srv\",\"VolumeOptions\":"
                    + "{\"Labels\":{\"tier\":\"web\",\"solo\":\"\"},\"Subpath\":\"public/html\",\"DriverConfig\":{}}},"
                    + "{\"Type\":\"bind\",\"Source\":\"/h\",\"Target\":\"/w\",\"ReadOnly\":true,"
                    + "\"BindOptions\":{\"ReadOnlyNonRecursive\":true}},"
                    + "{\"Type\":\"bind\",\"Source\":\"/h\",\"Target\":\"/r\",\"ReadOnly\":true,"
                    + "\"BindOptions\":{\"Propagation\":\"rprivate\",\"ReadOnlyForceRecursive\":true}},"
                    + "{\"Type\":\"bind\",\"Source\":\"/h\",\"Target\":\"/d\",\"BindOptions\":{\"NonRecursive\":true}},"
                    + "{\"Type\":\"bind\",\"Source\":\"/h\",\"Target\":\"/e\"},"
                    + "{\"Type\":\"image\",\"Source\":\"busybox\",\"Target\":\"/img\",\"ImageOptions\":{\"Subpath\":\"etc\"}}]");
        }
    }

    @Test
    void create_mountOptionsRefused_inTheDockerCliWords() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(201, "{\"Id\":\"abc\"}"))) {
            java.util.Map<String, String> refused = new java.util.LinkedHashMap<>();
            refused.put("type=bind,src=/h,dst=/w,bind-recursive=writable",
                    "option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction");
            refused.put("type=bind,src=/h,dst=/w,ro,bind-recursive=readonly",
                    "option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction");
            refused.put("type=bind,src=/h,dst=/w,ro,bind-recursive=bogus",
                    "invalid value for bind-recursive: bogus (must be \"enabled\", \"disabled\", \"writable\", or \"readonly\")");
            refused.put("type=tmpfs,dst=/x,volume-subpath=a", "cannot mix 'volume-*' options with mount type 'tmpfs'");
            refused.put("type=volume,dst=/x,image-subpath=a", "cannot mix 'image-*' options with mount type 'volume'");
            refused.put("type=volume,dst=/x,bind-recursive=disabled", "cannot mix 'bind-*' options with mount type 'volume'");
            refused.put("src=v,dst=/x,volume-subpath", "invalid field 'volume-subpath' must be a key=value pair");
            refused.put("src=v,dst=/x,ro=yes", "invalid value for ro: yes");
            refused.put("src=v", "target is required");
            for (var e : refused.entrySet()) {
                assertThat(berth(d, "create", "--mount", e.getKey(), "alpine")).as(e.getKey()).isEqualTo(125);
                assertThat(err()).as(e.getKey()).contains("invalid argument \"" + e.getKey() + "\" for \"--mount\" flag: "
                        + e.getValue());
            }
            assertThat(d.requests).isEmpty();
        }
    }

    @Test
    void ps_defaultTable_rendersDockerColumns() throws Exception {
        String list = "[{\"Id\":\"0123456789abcdef\",\"Names\":[\"/web\"],\"Image\":\"alpine\",\"Command\":\"sleep 100000000000000\","
                + "\"Created\":1700000000,\"Ports\":[{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\"}],"
                + "\"State\":\"running\",\"Status\":\"Up 2 minutes\"}]";
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, list))) {
            assertThat(berth(d, "ps", "-a", "-f", "name=web")).isEqualTo(0);
            assertThat(out()).isEqualTo(
                    "CONTAINER ID   IMAGE     COMMAND                  CREATED              STATUS         PORTS                  NAMES\n"
                            + "0123456789ab   alpine    \"sleep 1000000000000…\"   About a minute ago   Up 2 minutes   0.0.0.0:8080->80/tcp   web\n");
            assertThat(d.requests.get(0).target())
                    .isEqualTo("/v1.50/containers/json?all=1&filters=%7B%22name%22%3A%7B%22web%22%3Atrue%7D%7D");
        }
    }

    @Test
    void ps_sizeAskedForWhenTheTemplateUsesIt_asTheDockerCliDecides() throws Exception {
        String list = "[{\"Id\":\"0123456789abcdef\",\"Names\":[\"/web\"],\"Image\":\"alpine\",\"Command\":\"sh\","
                + "\"Created\":1700000000,\"Ports\":[],\"State\":\"created\",\"Status\":\"Created\",\"SizeRw\":0,\"SizeRootFs\":1980000}]";
        // {{json .}} reads every field, Size too; "json" and a template without .Size ask for none; -q none
        String[][] lines = {
            {"--format", "{{json .}}", "size=1"}, {"--format", "table {{.Names}}\\t{{.Size}}", "size=1"},
            {"--format", "json", "all=1"}, {"--format", "{{.Names}}", "all=1"}, {"-q", "--format", "{{.Size}}", "all=1"}};
        for (String[] line : lines) {
            try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, list))) {
                String[] args = new String[line.length + 1];
                args[0] = "ps";
                args[1] = "-a";
                System.arraycopy(line, 0, args, 2, line.length - 1);
                assertThat(berth(d, args)).isEqualTo(0);
                String target = d.requests.get(0).target();
                assertThat(target).as(String.join(" ", line)).endsWith(line[line.length - 1]);
            }
        }
        assertThat(err()).isEqualTo("WARNING: Ignoring custom format, because both --format and --quiet are set.\n");
        assertThat(out()).contains("\"Platform\":null,\"Ports\":\"\",\"RunningFor\"")
                .contains("\"Size\":\"0B (virtual 1.98MB)\"");
    }

    @Test
    void ps_platform_nilWithoutADescriptor_osArchWithOne() throws Exception {
        String list = "[{\"Id\":\"a\",\"Names\":[\"/a\"],\"Ports\":[],\"Created\":1700000000},"
                + "{\"Id\":\"b\",\"Names\":[\"/b\"],\"Ports\":[],\"Created\":1700000000,"
                + "\"ImageManifestDescriptor\":{\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}}]";
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, list))) {
            assertThat(berth(d, "ps", "-a", "--format", "{{.Names}} {{.Platform}}")).isEqualTo(0);
            assertThat(out()).isEqualTo("a <nil>\nb linux/arm64/v8\n");
        }
    }

    @Test
    void images_defaultTable_rowPerTag() throws Exception {
        String list = "[{\"Id\":\"sha256:0123456789abcdef\",\"RepoTags\":[\"alpine:3.20\",\"docker.io/library/alpine:latest\"],"
                + "\"Created\":1699996500,\"Size\":7800000}]";
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, list))) {
            assertThat(berth(d, "image", "ls")).isEqualTo(0);
            assertThat(out()).isEqualTo(expectedImages());
        }
    }

    private static String expectedImages() {
        return "REPOSITORY   TAG       IMAGE ID       CREATED             SIZE\n"
                + "alpine       3.20      0123456789ab   About an hour ago   7.8MB\n"
                + "alpine       latest    0123456789ab   About an hour ago   7.8MB\n";
    }

    @Test
    void rm_several_printsEachNameAsGiven() throws Exception {
        try (FakeDaemon d = daemon(r -> "HTTP/1.1 204 No Content\r\n\r\n".getBytes())) {
            assertThat(berth(d, "rm", "-f", "a", "b")).isEqualTo(0);
            assertThat(out()).isEqualTo("a\nb\n");
            assertThat(d.requests.get(0).target()).isEqualTo("/v1.50/containers/a?force=1");
            assertThat(d.requests.get(0).method()).isEqualTo("DELETE");
        }
    }

    @Test
    void unknownFlag_exits125() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, "[]"))) {
            assertThat(berth(d, "ps", "--bogus")).isEqualTo(125);
            assertThat(err()).contains("--bogus");
        }
    }

    @Test
    void events_defaultLine_matchesDocker() {
        Object ev = Json.parse("{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"abc\","
                + "\"Attributes\":{\"name\":\"web\",\"image\":\"alpine\"}},\"time\":1795806000,\"timeNano\":1795806000123456789}");
        assertThat(EventsCommand.line(Json.map(ev), Clock.systemUTC()))
                .isEqualTo("2026-11-27T19:00:00.123456789Z container start abc (image=alpine, name=web)");
    }

    @Test
    void encode_repeatedFilters_groupByKey() {
        assertThat(Filters.encode(java.util.List.of("name=a", "Name=b", "status=exited")))
                .isEqualTo("{\"name\":{\"a\":true,\"b\":true},\"status\":{\"exited\":true}}");
        assertThat(Filters.encode(java.util.List.of())).isNull();
    }
}
