package dev.berth.cli.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.CliContext;
import dev.berth.cli.FakeDaemon;
import dev.berth.cli.Main;
import dev.berth.cli.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** build/push/images flags and run --use-api-socket, as docker 28's CLI sends them. */
class MoreFlagsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int berth(FakeDaemon d, String... args) {
        return berth(Map.of("DOCKER_HOST", d.host(), "DOCKER_CONFIG", dir.resolve("cfg").toString()), args);
    }

    private int berth(Map<String, String> env, String... args) {
        CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), env,
                Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC));
        return Main.run(args, ctx);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void build_cpusetMemsSecurityOptIsolationSquash_inTheQuery_compressGzipsTheContext() throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(200, "{\"stream\":\"done\\n\"}\n"))) {
            assertThat(berth(d, "build", "--compress", "--cpuset-mems", "0", "--security-opt", "seccomp=unconfined",
                    "--isolation", "hyperv", "--squash", ctx.toString())).isEqualTo(0);
            FakeDaemon.Request build = d.requests.stream().filter(r -> r.target().contains("/build?")).findFirst()
                    .orElseThrow();
            assertThat(build.target()).contains("cpusetmems=0", "securityopt=seccomp%3Dunconfined", "isolation=hyperv",
                    "squash=1");
            assertThat(build.body()[0] & 0xff).isEqualTo(0x1f);
            assertThat(build.body()[1] & 0xff).isEqualTo(0x8b);
            d.requests.clear();
            assertThat(berth(d, "build", "--isolation", "default", ctx.toString())).isEqualTo(0);
            FakeDaemon.Request plain = d.requests.stream().filter(r -> r.target().contains("/build?")).findFirst()
                    .orElseThrow();
            assertThat(plain.target()).doesNotContain("isolation", "squash", "cpusetmems");
            assertThat(plain.body()[0] & 0xff).isNotEqualTo(0x1f);
            d.requests.clear();
            assertThat(berth(d, "build", "--disable-content-trust=false", ctx.toString())).isEqualTo(125);
            assertThat(err()).contains("--disable-content-trust=false (content trust) is not supported by berth yet");
            assertThat(d.requests).isEmpty();
        }
    }

    @Test
    void push_contentTrust_defaultAccepted_falseRefusedByName() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(200, "{\"status\":\"pushed\"}\n"))) {
            assertThat(berth(d, "push", "--disable-content-trust", "localhost:5000/x:1")).isEqualTo(0);
            d.requests.clear();
            assertThat(berth(d, "push", "--disable-content-trust=false", "localhost:5000/x:1")).isEqualTo(125);
            assertThat(err()).contains("--disable-content-trust=false (content trust) is not supported by berth yet");
            assertThat(d.requests).noneMatch(r -> r.target().contains("/push"));
        }
    }

    @Test
    void contentTrustFromTheEnvironment_refusedByPullPushBuildRunCreate_unlessTheFlagSaysOtherwise() throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("trustctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(200, "{\"status\":\"ok\"}\n"))) {
            String[][] lines = {{"pull", "localhost:5000/x:1"}, {"push", "localhost:5000/x:1"},
                {"build", ctx.toString()}, {"run", "alpine"}, {"create", "alpine"}, {"container", "run", "--rm", "alpine"}};
            for (String trust : new String[] {"1", "true", "yes"}) {
                Map<String, String> env = Map.of("DOCKER_HOST", d.host(), "DOCKER_CONFIG", dir.resolve("cfg").toString(),
                        "DOCKER_CONTENT_TRUST", trust);
                for (String[] line : lines) {
                    err.reset();
                    int code = berth(env, line);
                    assertThat(code).as("%s with DOCKER_CONTENT_TRUST=%s: %s", line[0], trust, err()).isEqualTo(125);
                    assertThat(err()).contains("content trust (DOCKER_CONTENT_TRUST=" + trust + ") is not supported by berth"
                            + " yet: unset DOCKER_CONTENT_TRUST or pass --disable-content-trust");
                }
            }
            // nothing reached the daemon: no pull, push, build or container was asked for
            assertThat(d.requests).noneMatch(r -> r.target().contains("/images/create") || r.target().contains("/push")
                    || r.target().contains("/build") || r.target().contains("/containers/create"));
            // the flag wins over the environment, both ways
            Map<String, String> on = Map.of("DOCKER_HOST", d.host(), "DOCKER_CONFIG", dir.resolve("cfg").toString(),
                    "DOCKER_CONTENT_TRUST", "1");
            assertThat(berth(on, "push", "--disable-content-trust", "localhost:5000/x:1")).isEqualTo(0);
            assertThat(d.requests).anyMatch(r -> r.target().contains("/push"));
            Map<String, String> off = Map.of("DOCKER_HOST", d.host(), "DOCKER_CONFIG", dir.resolve("cfg").toString(),
                    "DOCKER_CONTENT_TRUST", "0");
            err.reset();
            assertThat(berth(off, "push", "--disable-content-trust=false", "localhost:5000/x:1")).isEqualTo(125);
            assertThat(err()).contains("--disable-content-trust=false (content trust) is not supported by berth yet");
        }
    }

    @Test
    void contentTrust_offSpellingsOfTheEnvironment_changeNothing() {
        for (String off : new String[] {"", "0", "f", "F", "false", "FALSE", "False"}) {
            assertThat(ContentTrust.onByEnvironment(Map.of("DOCKER_CONTENT_TRUST", off))).as(off).isFalse();
        }
        assertThat(ContentTrust.onByEnvironment(Map.of())).isFalse();
        assertThat(ContentTrust.onByEnvironment(Map.of("DOCKER_CONTENT_TRUST", "on"))).isTrue();
    }

    @Test
    void imagesTree_asksForManifests_drawsThem_andRefusesWhatDockerRefuses() throws Exception {
        String listed = "[{\"Id\":\"sha256:" + "ab".repeat(32) + "\",\"RepoTags\":[\"r/busybox:1\"],\"Created\":1,"
                + "\"Size\":4340000,\"Containers\":1,\"Manifests\":[{\"ID\":\"sha256:" + "cd".repeat(32) + "\","
                + "\"Available\":true,\"Kind\":\"image\",\"Size\":{\"Total\":4350000,\"Content\":10000},"
                + "\"ImageData\":{\"Platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"},\"Containers\":[\"c1\"],"
                + "\"Size\":{\"Unpacked\":4340000}}}]}]";
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(200, listed))) {
            assertThat(berth(d, "images", "--tree", "-a")).isEqualTo(0);
            assertThat(d.requests.get(d.requests.size() - 1).target()).endsWith("/images/json?all=1&manifests=1");
            assertThat(out()).isEqualTo(String.join("\n",
                    "WARNING: This is an experimental feature. The output may change and shouldn't be depended on.",
                    " ".repeat(61) + " Info ->  U In Use ",
                    "",
                    // the first column as wide as "└─ linux/amd64" measured in bytes, as docker measures it
                    // its titles in bold, terminal or not, as docker 28.2's
                    "\u001b[39m\u001b[1mIMAGE\u001b[0m                \u001b[39m\u001b[1mID\u001b[0m             "
                            + "\u001b[39m\u001b[1mDISK USAGE\u001b[0m   \u001b[39m\u001b[1mCONTENT SIZE\u001b[0m   "
                            + "\u001b[39m\u001b[1mEXTRA\u001b[0m",
                    "r/busybox:1          abababababab       4.34MB           10kB   U    ",
                    "└─ linux/amd64       cdcdcdcdcdcd       4.35MB           10kB   U    ",
                    "",
                    ""));
            for (String[] refused : new String[][] {{"-q", "--quiet"}, {"--no-trunc", "--no-trunc"},
                    {"--digests", "--show-digest"}, {"--format={{.ID}}", "--format"}}) {
                err.reset();
                d.requests.clear();
                assertThat(berth(d, "images", "--tree", refused[0])).isEqualTo(1);
                assertThat(err()).isEqualTo(refused[1] + " is not yet supported with --tree\n");
                assertThat(d.requests).noneMatch(r -> r.target().contains("/images/json"));
            }
        }
    }

    @Test
    void useApiSocket_mountsTheSocket_andCopiesTheLoginsIn() throws Exception {
        Path cfg = Files.createDirectories(dir.resolve("cfg"));
        Files.writeString(cfg.resolve("config.json"), "{\"auths\":{\"localhost:5000\":{\"auth\":\"bWU6cHc=\"}}}");
        try (FakeDaemon d = new FakeDaemon(r -> r.target().contains("/containers/create")
                ? FakeDaemon.json(201, "{\"Id\":\"abc\"}") : FakeDaemon.json(200, ""))) {
            assertThat(berth(d, "create", "--use-api-socket", "-e", "A=1", "alpine")).isEqualTo(0);
            Object body = Json.parse(new String(d.requests.get(0).body(), StandardCharsets.UTF_8));
            assertThat(Json.path(body, "Env")).isEqualTo(List.of("A=1", "DOCKER_CONFIG=/run/secrets/docker"));
            assertThat(Json.write(Json.path(body, "HostConfig", "Mounts"))).isEqualTo("[{\"Type\":\"bind\",\"Source\":\""
                    + d.host().substring("unix://".length()) + "\",\"Target\":\"/var/run/docker.sock\",\"BindOptions\":{}}]");
            FakeDaemon.Request copy = d.requests.get(1);
            assertThat(copy.method()).isEqualTo("PUT");
            assertThat(copy.target()).endsWith("/containers/abc/archive?noOverwriteDirNonDir=true&path=%2F");
            assertThat(new String(copy.body(), StandardCharsets.ISO_8859_1))
                    .contains("/run/secrets/docker/config.json", "\"localhost:5000\": {\n\t\t\t\"auth\": \"bWU6cHc=\"");
        }
    }

    @Test
    void useApiSocket_overTcp_refusedAsDockerCreateDoes() {
        assertThat(berth(Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"), "create", "--use-api-socket", "alpine"))
                .isEqualTo(1);
        assertThat(err()).isEqualTo("flag --use-api-socket can only be used with unix sockets: docker endpoint "
                + "tcp://127.0.0.1:1 incompatible\n");
    }
}
