package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.daemon.BerthdProcess.Result;
import dev.berth.registry.DockerRegistryProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Debian's docker-compose 1.29 against berthd, with only DOCKER_HOST set: the shop project
 * (src/test/resources/compose/shop) through config, build, pull, up, ps, logs, exec, run, scale,
 * restart, stop/start, top, port, events, re-up and down; then the failures a user meets (a missing
 * image, a taken port, a name conflict, a failing build) with compose's exit code and words.
 * The steps share one project and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeIT {
    private static final Duration LONG = Duration.ofSeconds(180);
    private static BerthdProcess daemon;
    private static DockerRegistryProcess registry;
    private static ComposeProject shop;
    private static String image;

    @BeforeAll
    static void start() throws Exception {
        BerthdProcess.requireEnvironment();
        assertTrue(BerthdProcess.onPath("docker-compose").isPresent(),
                "docker-compose is not on the PATH (scripts/install-deps installs it)");
        assertTrue(DockerRegistryProcess.available(), "needs /usr/bin/docker-registry (scripts/install-deps)");
        registry = DockerRegistryProcess.start(null);
        daemon = BerthdProcess.start();
        image = registry.domain() + "/shop/busybox:1";
        ok(daemon.dockerStdin(BerthdProcess.busyboxTar(), "import", "-c", "CMD [\"sh\"]", "-", image));
        ok(daemon.docker(LONG, null, "push", image));
        ok(daemon.docker("rmi", image)); // `pull` below must fetch it
        shop = new ComposeProject(daemon, "shop", "shop" + UUID.randomUUID().toString().substring(0, 6),
                Map.of("SHOP_IMAGE", image, "SHOP_WEB_PORT", Integer.toString(ComposeProject.freePort())));
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (shop != null) {
                shop.close();
            }
        } finally {
            if (daemon != null) {
                daemon.close();
            }
            if (registry != null) {
                registry.close();
            }
        }
    }

    @Test
    @Order(1)
    void config_showsTheResolvedProject() {
        Result r = shop.ok("config");
        assertThat(r.out()).contains("image: " + image).contains("internal: true").contains("SHOP_NAME: berth shop")
                .contains("condition: service_healthy").contains("restart: unless-stopped");
        assertThat(shop.ok("config", "--services").out().lines().sorted().toList())
                .containsExactly("cache", "migrate", "web", "worker");
    }

    @Test
    @Order(2)
    void build_thenPull_fromTheTestsRegistry() {
        Result build = shop.ok("build");
        assertThat(build.all()).contains("Successfully tagged " + shop.name() + "_migrate:latest");
        ok(daemon.docker("image", "inspect", shop.name() + "_migrate"));

        Result pull = shop.ok("pull");
        assertThat(pull.all()).contains("Pulling web").contains("Pulling cache").doesNotContain("ERROR");
        assertThat(ok(daemon.docker("image", "inspect", "-f", "{{range .RepoDigests}}{{.}}{{end}}", image)).out())
                .contains(registry.domain() + "/shop/busybox@sha256:");
        assertThat(shop.ok("pull").all()).contains("image is up to date");
    }

    @Test
    @Order(3)
    void upDetached_startsDependentsOnlyOnceWebIsHealthy() throws Exception {
        long since = System.currentTimeMillis() / 1000 - 1;
        shop.ok("up", "-d");
        long until = System.currentTimeMillis() / 1000 + 1;
        List<String> events = ok(daemon.docker("events", "--since", Long.toString(since), "--until", Long.toString(until),
                "--filter", "label=com.docker.compose.project=" + shop.name(),
                "--format", "{{.TimeNano}} {{.Action}} {{.Actor.Attributes.name}}")).out().lines().toList();
        long healthy = time(events, "health_status: healthy " + shop.container("web", 1));
        assertThat(time(events, "start " + shop.container("worker", 1))).isGreaterThan(healthy);
        assertThat(time(events, "start " + shop.container("migrate", 1))).isGreaterThan(healthy);
        assertThat(time(events, "start " + shop.container("web", 1))).isLessThan(healthy);

        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + shop.env().get("SHOP_WEB_PORT") + "/index.html")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("<h1>shop</h1>");
        // the one-shot job wrote into the named volume web mounts too
        shop.await(() -> shop.run("exec", "-T", "web", "cat", "/data/schema").out().contains("schema v1"), "migration");
        assertThat(ok(daemon.docker("network", "inspect", "-f", "{{.Internal}}", shop.name() + "_back")).out().strip())
                .isEqualTo("true");
        assertThat(ok(daemon.docker("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}", shop.container("worker", 1)))
                .out().strip()).isEqualTo("unless-stopped");
    }

    @Test
    @Order(4)
    void ps_andTheLabelFiltersComposeQueriesBy_findExactlyTheProjectsContainers() {
        String decoy = "decoy-" + shop.name();
        ok(daemon.docker("create", "--name", decoy, "--label", "com.docker.compose.project=other" + shop.name(),
                "--label", "com.docker.compose.service=web", "--label", "com.docker.compose.oneoff=False", image, "true"));
        try {
            Result ps = shop.ok("ps");
            assertThat(ps.out()).contains(shop.container("web", 1)).contains("Up (healthy)")
                    .containsPattern("0\\.0\\.0\\.0:" + shop.env().get("SHOP_WEB_PORT") + "->8080/tcp")
                    .contains(shop.container("migrate", 1)).contains("Exit 0").doesNotContain(decoy);
            assertThat(shop.ok("ps", "-q").out().lines()).hasSize(5);
            assertThat(shop.ok("ps", "--services", "--filter", "status=running").out().lines().sorted().toList())
                    .containsExactly("cache", "web", "worker");
            assertThat(names("--filter", "label=com.docker.compose.project=" + shop.name(),
                    "--filter", "label=com.docker.compose.service=cache", "--filter", "label=com.docker.compose.oneoff=False"))
                    .containsExactlyInAnyOrder(shop.container("cache", 1), shop.container("cache", 2));
            assertThat(names("--filter", "label=com.docker.compose.service=web"))
                    .containsExactlyInAnyOrder(shop.container("web", 1), decoy);
            // networks and volumes too, by the labels compose gives them and finds them by
            String project = "label=com.docker.compose.project=" + shop.name();
            assertThat(ok(daemon.docker("network", "ls", "--format", "{{.Name}}", "--filter", project)).out().lines().sorted()
                    .toList()).containsExactly(shop.name() + "_back", shop.name() + "_front");
            assertThat(ok(daemon.docker("network", "ls", "-q", "--filter", project,
                    "--filter", "label=com.docker.compose.network=back")).out().lines()).hasSize(1);
            assertThat(ok(daemon.docker("volume", "ls", "-q", "--filter", project,
                    "--filter", "label=com.docker.compose.volume=data")).out().lines().toList())
                    .containsExactly(shop.name() + "_data");
            assertThat(ok(daemon.docker("inspect", "-f", "{{index .Config.Labels \"com.docker.compose.container-number\"}} "
                    + "{{index .Config.Labels \"com.docker.compose.project.working_dir\"}}", shop.container("cache", 2)))
                    .out().strip()).isEqualTo("2 " + shop.dir());
        } finally {
            ok(daemon.docker("rm", "-f", decoy));
        }
    }

    @Test
    @Order(5)
    void logs_andLogsFollow_execAndRunRm() throws Exception {
        assertThat(shop.ok("logs", "migrate").out()).contains("migrating berth shop").contains("migration done");
        // the worker reaches web by its service name on the internal network
        assertThat(shop.follow(List.of("logs", "-f", "--tail", "5", "worker"), "fetched by", () -> { }))
                .contains("<h1>shop</h1>");
        // its logging options: json-file's tag and env attributes, read back by logs --details
        String worker = shop.container("worker", 1);
        assertThat(ok(daemon.docker("logs", "--details", "--tail", "1", worker)).out())
                .startsWith("WORKER_MODE=steady,tag=" + worker + " ");

        assertThat(shop.ok("exec", "-T", "web", "sh", "-c", "echo $SHOP_NAME").out()).isEqualTo("berth shop\n");
        Result failing = shop.run("exec", "-T", "web", "sh", "-c", "exit 7");
        assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(7);

        // links: ["web:shopfront"] resolves for the worker alone (dockerd's endpoint alias on a user network)
        String webIp = inspect("{{(index .NetworkSettings.Networks \"" + shop.name() + "_back\").IPAddress}}",
                shop.container("web", 1));
        assertThat(shop.ok("exec", "-T", "worker", "busybox", "nslookup", "shopfront").out()).contains("Address: " + webIp);
        assertThat(shop.run("exec", "-T", "cache", "busybox", "nslookup", "shopfront").exitCode()).isEqualTo(1);

        Result run = shop.ok("run", "--rm", "worker", "wget", "-q", "-O", "-", "http://web:8080/index.html");
        assertThat(run.out()).contains("<h1>shop</h1>");
        // compose links a one-off to its service's containers: on a user network the link names resolve too
        String workerIp = inspect("{{(index .NetworkSettings.Networks \"" + shop.name() + "_back\").IPAddress}}",
                shop.container("worker", 1));
        assertThat(shop.ok("run", "--rm", "worker", "cat", "/etc/hosts").out())
                .contains(workerIp + "\tworker_1\n").contains(workerIp + "\t" + shop.container("worker", 1) + "\n");
        assertThat(names("--filter", "label=com.docker.compose.project=" + shop.name(),
                "--filter", "label=com.docker.compose.oneoff=True")).isEmpty();
    }

    @Test
    @Order(6)
    void scale_upAndDown() {
        shop.ok("up", "-d", "--scale", "worker=3");
        assertThat(shop.ok("ps", "-q", "worker").out().lines()).hasSize(3);
        assertThat(shop.ok("exec", "-T", "--index", "3", "worker", "hostname").out().strip()).hasSize(12);
        Result scale = shop.ok("scale", "worker=1");
        assertThat(scale.all()).contains("Stopping and removing " + shop.container("worker", 3));
        assertThat(shop.ok("ps", "-q", "worker").out().lines()).hasSize(1);
    }

    @Test
    @Order(7)
    void restart_stop_start_top_port() {
        String worker = shop.container("worker", 1);
        String idBefore = inspect("{{.Id}}", worker);
        String startedBefore = inspect("{{.State.StartedAt}}", worker);
        shop.ok("restart", "-t", "1", "worker");
        assertThat(inspect("{{.Id}}", worker)).isEqualTo(idBefore);
        assertThat(inspect("{{.State.StartedAt}}", worker)).isNotEqualTo(startedBefore);

        shop.ok("stop", "-t", "1");
        assertThat(names("--filter", "label=com.docker.compose.project=" + shop.name(), "--filter", "status=running"))
                .isEmpty();
        assertThat(shop.ok("ps").out()).doesNotContain(" Up ");
        shop.ok("start");
        assertThat(inspect("{{.State.Status}}", shop.container("cache", 2))).isEqualTo("running");
        shop.await(() -> inspect("{{.State.Health.Status}}", shop.container("web", 1)).equals("healthy"), "web healthy");

        assertThat(shop.ok("top", "web").out()).contains(shop.container("web", 1)).contains("httpd -f -p 8080");
        assertThat(shop.ok("port", "web", "8080").out().strip()).isEqualTo("0.0.0.0:" + shop.env().get("SHOP_WEB_PORT"));
    }

    @Test
    @Order(8)
    void events_json_showsTheServicesEvents() throws Exception {
        String seen = shop.follow(List.of("events", "--json"), "\"service\": \"cache\"",
                () -> shop.ok("restart", "-t", "1", "cache"));
        assertThat(seen).contains("\"type\": \"container\"").contains(shop.container("cache", 1));
    }

    @Test
    @Order(9)
    void upAgain_unchangedRecreatesNothing_changedRecreatesOnlyThatService() {
        Map<String, String> before = ids();
        Result same = shop.ok("up", "-d");
        assertThat(same.all()).contains(shop.container("web", 1) + " is up-to-date").doesNotContain("Recreating");
        assertThat(ids()).isEqualTo(before);

        Result changed = shop.ok(Map.of("WORKER_MODE", "rush"), "up", "-d");
        assertThat(changed.all()).contains("Recreating " + shop.container("worker", 1));
        Map<String, String> after = ids();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String name : before.keySet()) {
            if (name.equals(shop.container("worker", 1))) {
                assertThat(after.get(name)).as(name).isNotEqualTo(before.get(name));
            } else {
                assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
            }
        }
        assertThat(ok(daemon.docker("exec", shop.container("worker", 1), "sh", "-c", "echo $WORKER_MODE")).out()).isEqualTo("rush\n");
    }

    @Test
    @Order(10)
    void downWithVolumesAndOrphans_leavesNothingOfTheProject() {
        // an orphan: a container of the project whose service the file no longer has
        ok(daemon.docker("run", "-d", "--name", shop.name() + "_ghost_1", "--label", "com.docker.compose.project=" + shop.name(),
                "--label", "com.docker.compose.service=ghost", "--label", "com.docker.compose.oneoff=False",
                "--label", "com.docker.compose.container-number=1", image, "sleep", "300"));
        Result down = shop.ok("down", "-v", "--remove-orphans", "-t", "1");
        assertThat(down.all()).contains("Removing orphan container \"" + shop.name() + "_ghost_1\"")
                .contains("Removing network " + shop.name() + "_back").contains("Removing volume " + shop.name() + "_data");
        String label = "label=com.docker.compose.project=" + shop.name();
        assertThat(names("--filter", label)).isEmpty();
        assertThat(ok(daemon.docker("network", "ls", "-q", "--filter", label)).out()).isEmpty();
        assertThat(ok(daemon.docker("volume", "ls", "-q", "--filter", label)).out()).isEmpty();
        assertThat(ok(daemon.docker("network", "ls", "--format", "{{.Name}}")).out()).doesNotContain(shop.name());
        assertThat(ok(daemon.docker("volume", "ls", "--format", "{{.Name}}")).out()).doesNotContain(shop.name());
    }

    // ---------------------------------------------------------------- failures, as compose shows them with dockerd

    @Test
    @Order(20)
    void up_missingImage_exit1WithTheRegistrysWords() throws IOException {
        try (ComposeProject p = failing(Map.of("SHOP_IMAGE", registry.domain() + "/shop/nope:1"))) {
            Result r = p.run("up", "-d", "web");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("Pulling web (" + registry.domain() + "/shop/nope:1)...")
                    .contains("manifest for " + registry.domain() + "/shop/nope:1 not found: manifest unknown");
        }
    }

    @Test
    @Order(21)
    void up_hostPortTakenByAnotherContainer_exit1PortIsAlreadyAllocated() throws IOException {
        int port = ComposeProject.freePort();
        String holder = "holder-" + UUID.randomUUID().toString().substring(0, 6);
        ok(daemon.docker("run", "-d", "--name", holder, "-p", port + ":80", image, "sleep", "300"));
        try (ComposeProject p = failing(Map.of("SHOP_IMAGE", image, "SHOP_WEB_PORT", Integer.toString(port)))) {
            Result r = p.run("up", "-d", "web");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("ERROR: for web  Cannot start service web: failed to set up container networking: "
                    + "driver failed programming external "
                    + "connectivity on endpoint " + p.container("web", 1))
                    .contains("Bind for 0.0.0.0:" + port + " failed: port is already allocated")
                    .contains("Encountered errors while bringing up the project.");
        } finally {
            ok(daemon.docker("rm", "-f", holder));
        }
    }

    @Test
    @Order(22)
    void up_containerNameTaken_exit1Conflict() throws IOException {
        try (ComposeProject p = failing(Map.of("SHOP_IMAGE", image))) {
            String taken = p.container("web", 1);
            String id = ok(daemon.docker("create", "--name", taken, image, "true")).out().strip();
            try {
                Result r = p.run("up", "-d", "web");
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
                assertThat(r.err()).contains("ERROR: for web  Cannot create container for service web: Conflict. "
                        + "The container name \"/" + taken + "\" is already in use by container \"" + id + "\"");
            } finally {
                ok(daemon.docker("rm", "-f", taken));
            }
        }
    }

    @Test
    @Order(23)
    void build_failingRun_exit1NamingTheServiceAndTheCommand() throws IOException {
        try (ComposeProject p = new ComposeProject(daemon, "broken", "broken" + UUID.randomUUID().toString().substring(0, 6),
                Map.of("SHOP_IMAGE", image))) {
            Result cli = p.run("build");
            assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(1);
            assertThat(cli.all()).contains("building")
                    .contains("The command '/bin/sh -c echo building && exit 3' returned a non-zero code: 3")
                    .contains("Service 'broken' failed to build");
            // compose's own builder (docker-py) instead of the docker CLI: the daemon's message reaches the user
            Result py = p.run(Map.of("COMPOSE_DOCKER_CLI_BUILD", "0"), "build");
            assertThat(py.exitCode()).as(py.toString()).isEqualTo(1);
            assertThat(py.all()).contains("Service 'broken' failed to build : The command "
                    + "'/bin/sh -c echo building && exit 3' returned a non-zero code: 3");
        }
    }

    @Test
    @Order(24)
    void up_networkWithEnableIpv6_fixedIpv6Address_nameReachedOverIpv6() throws Exception {
        try (ComposeProject p = new ComposeProject(daemon, "ipv6", "six" + UUID.randomUUID().toString().substring(0, 6),
                Map.of("SHOP_IMAGE", image))) {
            try {
                Result up = p.run("up", "-d");
                assertThat(up.exitCode()).as(up.toString()).isZero();
                assertThat(inspect("{{range .NetworkSettings.Networks}}{{.GlobalIPv6Address}}{{end}}", p.container("web", 1)))
                        .isEqualTo("fd00:c6e7::10");
                String probe = p.container("probe", 1);
                String logs = "";
                for (int i = 0; i < 50 && !logs.contains("packets received"); i++) {
                    Thread.sleep(100);
                    logs = ok(daemon.docker("logs", probe)).out();
                }
                assertThat(logs).contains("PING web (fd00:c6e7::10)").contains("1 packets received");
                assertThat(ok(daemon.docker("network", "inspect", p.name() + "_v6", "-f", "{{.EnableIPv6}}")).out().strip())
                        .isEqualTo("true");
            } finally {
                ok(p.run("down", "-t", "1"));
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static ComposeProject failing(Map<String, String> env) throws IOException {
        return new ComposeProject(daemon, "shop", "bad" + UUID.randomUUID().toString().substring(0, 6), env);
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    private static List<String> names(String... filters) {
        String[] args = new String[filters.length + 4];
        args[0] = "ps";
        args[1] = "-a";
        args[2] = "--format";
        args[3] = "{{.Names}}";
        System.arraycopy(filters, 0, args, 4, filters.length);
        return ok(daemon.docker(args)).out().lines().toList();
    }

    private static String inspect(String format, String container) {
        return ok(daemon.docker("inspect", "-f", format, container)).out().strip();
    }

    /** Every container of the shop by name, with its id. */
    private static Map<String, String> ids() {
        return ok(daemon.docker("ps", "-a", "--filter", "label=com.docker.compose.project=" + shop.name(),
                "--format", "{{.Names}} {{.ID}}")).out().lines().map(l -> l.split(" "))
                .collect(Collectors.toMap(p -> p[0], p -> p[1]));
    }

    private static long time(List<String> events, String what) {
        return events.stream().filter(e -> e.endsWith(" " + what)).mapToLong(e -> Long.parseLong(e.split(" ")[0]))
                .min().orElseThrow(() -> new AssertionError("no event '" + what + "' in\n" + String.join("\n", events)));
    }
}
