package dev.berth.cli.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.CliContext;
import dev.berth.cli.FakeDaemon;
import dev.berth.cli.Main;
import dev.berth.cli.http.StreamDemux;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** attach, system prune, builder prune, search, context and the system/container aliases, as docker 28's CLI. */
class CliGapsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int berth(FakeDaemon d, String stdin, String... args) {
        return berth(Map.of("DOCKER_HOST", d.host()), stdin, args);
    }

    private int berth(Map<String, String> env, String stdin, String... args) {
        CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env,
                Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC));
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

    private static final String SYSTEM_PROMPT = "WARNING! This will remove:\n"
            + "  - all stopped containers\n"
            + "  - all networks not used by at least one container\n"
            + "  - all dangling images\n"
            + "  - unused build cache\n\n"
            + "Are you sure you want to continue? [y/N] ";

    /** A daemon whose prunes each delete one thing. */
    private static FakeDaemon pruning() throws Exception {
        return daemon(r -> {
            String t = r.target();
            if (t.contains("/containers/prune")) return FakeDaemon.json(200, "{\"ContainersDeleted\":[\"c1\"],\"SpaceReclaimed\":1000}");
            if (t.contains("/networks/prune")) return FakeDaemon.json(200, "{\"NetworksDeleted\":[\"n1\"]}");
            if (t.contains("/volumes/prune")) return FakeDaemon.json(200, "{\"VolumesDeleted\":[\"v1\"],\"SpaceReclaimed\":2000}");
            if (t.contains("/images/prune")) {
                return FakeDaemon.json(200, "{\"ImagesDeleted\":[{\"Untagged\":\"x:1\"},{\"Deleted\":\"sha256:ab\"}],\"SpaceReclaimed\":3000}");
            }
            if (t.contains("/build/prune")) return FakeDaemon.json(200, "{\"CachesDeleted\":[\"b1\"],\"SpaceReclaimed\":4000}");
            return FakeDaemon.json(404, "{\"message\":\"unexpected\"}");
        });
    }

    @Test
    void systemPrune_declined_promptsAsDockerAndSendsNothing() throws Exception {
        try (FakeDaemon d = pruning()) {
            assertThat(berth(d, "n\n", "system", "prune")).isZero();
            assertThat(out()).isEqualTo(SYSTEM_PROMPT);
            assertThat(err()).isEmpty();
            assertThat(d.requests).isEmpty();
        }
    }

    @Test
    void systemPrune_allVolumesFilters_promptListsThemSortedAndEachPruneGetsThem() throws Exception {
        try (FakeDaemon d = pruning()) {
            assertThat(berth(d, "y\n", "system", "prune", "-a", "--volumes", "--filter", "label=x",
                    "--filter", "label!=y")).isZero();
            assertThat(out()).startsWith("WARNING! This will remove:\n"
                    + "  - all stopped containers\n"
                    + "  - all networks not used by at least one container\n"
                    + "  - all anonymous volumes not used by at least one container\n"
                    + "  - all images without at least one container associated to them\n"
                    + "  - all build cache\n\n"
                    + "  Items to be pruned will be filtered with:\n"
                    + "  - label!=y\n"
                    + "  - label=x\n\n"
                    + "Are you sure you want to continue? [y/N] Deleted Containers:\nc1\n\n"
                    + "Deleted Networks:\nn1\n\n"
                    + "Deleted Volumes:\nv1\n\n"
                    + "Deleted Images:\nuntagged: x:1\ndeleted: sha256:ab\n\n"
                    + "Deleted build cache objects:\nb1\n\n"
                    + "Total reclaimed space: 10kB\n");
            assertThat(d.requests).extracting(r -> r.target().replaceAll("\\?.*", "")).containsExactly(
                    "/v1.50/containers/prune", "/v1.50/networks/prune", "/v1.50/volumes/prune", "/v1.50/images/prune",
                    "/v1.50/build/prune");
            assertThat(d.requests.get(3).target()).contains("dangling%22%3A%7B%22false");
            assertThat(d.requests.get(4).target()).contains("all=1");
            assertThat(d.requests).allMatch(r -> r.target().contains("label"));
        }
    }

    @Test
    void systemPrune_forced_noVolumesWithoutTheFlag_untilWithVolumesRefused() throws Exception {
        try (FakeDaemon d = pruning()) {
            assertThat(berth(d, "", "system", "prune", "-f")).isZero();
            assertThat(d.requests).noneMatch(r -> r.target().contains("/volumes/prune"));
            assertThat(out()).endsWith("Total reclaimed space: 8kB\n").doesNotContain("WARNING");
            d.requests.clear();
            assertThat(berth(d, "", "system", "prune", "-f", "--volumes", "--filter", "until=1h")).isEqualTo(1);
            assertThat(err()).isEqualTo("ERROR: The \"until\" filter is not supported with \"--volumes\"\n");
            assertThat(d.requests).isEmpty();
            assertThat(berth(d, "", "system", "prune", "-f", "--filter", "foo")).isEqualTo(125);
            assertThat(err()).contains("invalid argument \"foo\" for \"--filter\" flag: bad format of filter (expected name=value)");
        }
    }

    @Test
    void builderPrune_promptPerFlag_keepStorageSentInBytes_outputAsDocker() throws Exception {
        try (FakeDaemon d = pruning()) {
            assertThat(berth(d, "", "builder", "prune")).isZero();
            assertThat(out()).isEqualTo("WARNING! This will remove all dangling build cache. Are you sure you want to continue? [y/N] ");
            out.reset();
            assertThat(berth(d, "n\n", "builder", "prune", "-a")).isZero();
            assertThat(out()).isEqualTo("WARNING! This will remove all build cache. Are you sure you want to continue? [y/N] ");
            assertThat(d.requests).isEmpty();
            out.reset();
            assertThat(berth(d, "", "builder", "prune", "-f", "--keep-storage", "1k", "--filter", "until=24h")).isZero();
            assertThat(out()).isEqualTo("Deleted build cache objects:\nb1\n\nTotal reclaimed space: 4kB\n");
            assertThat(d.requests.get(0).target()).startsWith("/v1.50/build/prune?keep-storage=1024&filters=")
                    .doesNotContain("all=");
        }
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(400,
                "{\"message\":\"query parameter \\\"keep-storage\\\" is not supported by Berth yet\"}"))) {
            assertThat(berth(d, "", "builder", "prune", "-f", "--keep-storage", "1g")).isEqualTo(1);
            assertThat(err()).isEqualTo("Error response from daemon: query parameter \"keep-storage\" is not supported by Berth yet\n");
        }
    }

    @Test
    void search_tableAsDocker_descriptionCutAt45_officialMarked() throws Exception {
        String body = "[{\"name\":\"busybox\",\"description\":\"Busybox base image.\",\"star_count\":3300,\"is_official\":true},"
                + "{\"name\":\"someone/long\",\"description\":\"A description\\nthat is much longer than forty-five columns\","
                + "\"star_count\":2,\"is_official\":false}]";
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, body))) {
            assertThat(berth(d, "", "search", "--limit", "2", "--filter", "stars=1", "busybox")).isZero();
            assertThat(out()).isEqualTo(
                    "NAME           DESCRIPTION                                     STARS     OFFICIAL\n"
                    + "busybox        Busybox base image.                             3300      [OK]\n"
                    + "someone/long   A description that is much longer than forty…   2         \n");
            assertThat(d.requests.get(0).target()).isEqualTo(
                    "/v1.50/images/search?term=busybox&limit=2&filters=%7B%22stars%22%3A%7B%221%22%3Atrue%7D%7D");
            out.reset();
            assertThat(berth(d, "", "search", "--no-trunc", "--format", "{{.Name}}: {{.Description}}", "x")).isZero();
            assertThat(out()).isEqualTo("busybox: Busybox base image.\n"
                    + "someone/long: A description that is much longer than forty-five columns\n");
        }
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(500, "{\"message\":\"Get \\\"https://index.docker.io/v1/search?q=x&n=25\\\": "
                + "dial tcp: lookup index.docker.io: no such host\"}"))) {
            assertThat(berth(d, "", "search", "x")).isEqualTo(1);
            assertThat(err()).isEqualTo("Error response from daemon: Get \"https://index.docker.io/v1/search?q=x&n=25\": "
                    + "dial tcp: lookup index.docker.io: no such host\n");
        }
    }

    @Test
    void context_defaultOnly_lsShowInspect_asDockerWithAndWithoutDockerHost() {
        Map<String, String> env = new HashMap<>(Map.of("DOCKER_HOST", "unix:///tmp/x.sock"));
        assertThat(berth(env, "", "context", "ls")).isZero();
        assertThat(out()).isEqualTo("NAME        DESCRIPTION                               DOCKER ENDPOINT      ERROR\n"
                + "default *   Current DOCKER_HOST based configuration   unix:///tmp/x.sock   \n");
        assertThat(err()).startsWith("Warning: DOCKER_HOST environment variable overrides the active context.");
        out.reset();
        err.reset();
        assertThat(berth(Map.of(), "", "context", "ls", "--format", "json")).isZero();
        assertThat(out()).isEqualTo("{\"Current\":true,\"Description\":\"Current DOCKER_HOST based configuration\","
                + "\"DockerEndpoint\":\"unix:///run/berth/berth.sock\",\"Error\":\"\",\"Name\":\"default\"}\n");
        assertThat(err()).isEmpty();
        out.reset();
        assertThat(berth(env, "", "context", "show")).isZero();
        assertThat(out()).isEqualTo("default\n");
        out.reset();
        assertThat(berth(env, "", "context", "inspect")).isZero();
        assertThat(out()).contains("\"Name\": \"default\"", "\"Host\": \"unix:///tmp/x.sock\"",
                "\"MetadataPath\": \"\\u003cIN MEMORY\\u003e\"");
        out.reset();
        assertThat(berth(env, "", "context", "inspect", "-f", "{{.Endpoints.docker.Host}}", "default")).isZero();
        assertThat(out()).isEqualTo("unix:///tmp/x.sock\n");
        out.reset();
        err.reset();
        assertThat(berth(env, "", "context", "inspect", "foo")).isEqualTo(1);
        assertThat(out()).isEqualTo("[]\n");
        assertThat(err()).isEqualTo("context \"foo\": contexts other than \"default\" are not supported by berth yet\n");
    }

    @Test
    void aliases_systemInfoEventsContainerCommit_reachTheTopLevelCommands() throws Exception {
        try (FakeDaemon d = daemon(r -> {
            if (r.target().contains("/info")) return FakeDaemon.json(200, "{\"ID\":\"daemon-id\"}");
            if (r.target().contains("/commit")) return FakeDaemon.json(201, "{\"Id\":\"sha256:abc\"}");
            return FakeDaemon.json(404, "{\"message\":\"unexpected\"}");
        })) {
            assertThat(berth(d, "", "system", "info", "--format", "{{.ID}}")).isZero();
            assertThat(out()).isEqualTo("daemon-id\n");
            out.reset();
            assertThat(berth(d, "", "container", "commit", "c1", "img:1")).isZero();
            assertThat(out()).isEqualTo("sha256:abc\n");
            assertThat(d.requests).anyMatch(r -> r.target().startsWith("/v1.50/commit?container=c1"));
        }
    }

    private static byte[] inspect(String state, boolean tty, boolean openStdin) {
        return FakeDaemon.json(200, "{\"Id\":\"abc\",\"State\":{" + state + "},\"Config\":{\"Tty\":" + tty
                + ",\"OpenStdin\":" + openStdin + "}}");
    }

    @Test
    void attach_running_outputDemuxed_exitCodeFromWaitNotRunning() throws Exception {
        byte[] attach = FakeDaemon.concat(
                "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n".getBytes(),
                StreamDemux.frame(1, "hi\n".getBytes()), StreamDemux.frame(2, "warn\n".getBytes()));
        try (FakeDaemon d = daemon(r -> {
            if (r.target().endsWith("/json")) return inspect("\"Running\":true", false, true);
            if (r.target().contains("/attach")) return attach;
            if (r.target().contains("/wait")) return FakeDaemon.json(200, "{\"StatusCode\":3}");
            return FakeDaemon.json(404, "{\"message\":\"unexpected\"}");
        })) {
            assertThat(berth(d, "", "attach", "--sig-proxy=false", "--detach-keys", "ctrl-x", "web")).isEqualTo(3);
            assertThat(out()).isEqualTo("hi\n");
            assertThat(err()).isEqualTo("warn\n");
            assertThat(d.requests).anyMatch(r -> r.target().equals(
                    "/v1.50/containers/abc/attach?stream=1&stdin=1&stdout=1&stderr=1&detachKeys=ctrl-x"));
            assertThat(d.requests).anyMatch(r -> r.target().equals("/v1.50/containers/abc/wait?condition=not-running"));
            d.requests.clear();
            assertThat(berth(d, "", "container", "attach", "--no-stdin", "web")).isEqualTo(3);
            assertThat(d.requests).anyMatch(r -> r.target().equals("/v1.50/containers/abc/attach?stream=1&stdout=1&stderr=1"));
        }
    }

    @Test
    void attach_stoppedPausedMissingOrTtyWithoutATerminal_refusedWithDockersMessages() throws Exception {
        String[] state = {"\"Running\":false"};
        boolean[] tty = {false};
        try (FakeDaemon d = daemon(r -> {
            if (r.target().contains("/containers/nope/")) return FakeDaemon.json(404, "{\"message\":\"No such container: nope\"}");
            if (r.target().endsWith("/json")) return inspect(state[0], tty[0], true);
            if (r.target().contains("detachKeys=foo")) return FakeDaemon.json(400, "{\"message\":\"Invalid detach keys (foo) provided\"}");
            return FakeDaemon.json(500, "{\"message\":\"unexpected\"}");
        })) {
            assertThat(berth(d, "", "attach", "web")).isEqualTo(1);
            assertThat(err()).isEqualTo("You cannot attach to a stopped container, start it first\n");
            err.reset();
            state[0] = "\"Running\":true,\"Paused\":true";
            assertThat(berth(d, "", "attach", "web")).isEqualTo(1);
            assertThat(err()).isEqualTo("You cannot attach to a paused container, unpause it first\n");
            err.reset();
            state[0] = "\"Running\":true";
            tty[0] = true;
            // the tests' stdin is not a terminal
            assertThat(berth(d, "", "attach", "web")).isEqualTo(1);
            assertThat(err()).isEqualTo("the input device is not a TTY\n");
            err.reset();
            tty[0] = false;
            assertThat(berth(d, "", "attach", "--detach-keys", "foo", "web")).isEqualTo(1);
            assertThat(err()).isEqualTo("unable to upgrade to tcp, received 400\n");
            err.reset();
            assertThat(berth(d, "", "attach", "nope")).isEqualTo(1);
            assertThat(err()).isEqualTo("Error response from daemon: No such container: nope\n");
            assertThat(d.requests).filteredOn(r -> r.target().contains("/attach")).hasSize(1);
        }
    }
}
