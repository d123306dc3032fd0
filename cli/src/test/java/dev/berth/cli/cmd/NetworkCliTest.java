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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@code network …}, {@code port} and the networking flags of run/create, against a fake daemon. */
class NetworkCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_100), ZoneOffset.UTC);
    private static final byte[] NO_CONTENT = "HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private int berthWithStdin(FakeDaemon d, String stdin, String... args) {
        CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), Map.of("DOCKER_HOST", d.host()), CLOCK);
        return Main.run(args, ctx);
    }

    private int berth(FakeDaemon d, String... args) {
        return berthWithStdin(d, "", args);
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

    private static Object body(FakeDaemon.Request r) {
        return Json.parse(new String(r.body(), StandardCharsets.UTF_8));
    }

    private static final String NETWORKS = "["
            + "{\"Name\":\"net10\",\"Id\":\"aaaaaaaaaaaa1111\",\"Driver\":\"bridge\",\"Scope\":\"local\",\"Internal\":true,"
            + "\"Labels\":{\"b\":\"2\",\"a\":\"1\"},\"Created\":\"2023-11-14T22:13:20.5Z\"},"
            + "{\"Name\":\"net2\",\"Id\":\"bbbbbbbbbbbb2222\",\"Driver\":\"bridge\",\"Scope\":\"local\"},"
            + "{\"Name\":\"host\",\"Id\":\"cccccccccccc3333\",\"Driver\":\"host\",\"Scope\":\"local\"},"
            + "{\"Name\":\"bridge\",\"Id\":\"dddddddddddd4444\",\"Driver\":\"bridge\",\"Scope\":\"local\"}]";

    @Test
    void networkLs_defaultTable_sortedNaturallyByName() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, NETWORKS))) {
            assertThat(berth(d, "network", "ls", "-f", "driver=bridge")).isEqualTo(0);
            assertThat(out()).isEqualTo(
                    "NETWORK ID     NAME      DRIVER    SCOPE\n"
                            + "dddddddddddd   bridge    bridge    local\n"
                            + "cccccccccccc   host      host      local\n"
                            + "bbbbbbbbbbbb   net2      bridge    local\n"
                            + "aaaaaaaaaaaa   net10     bridge    local\n");
            assertThat(d.requests.get(0).method()).isEqualTo("GET");
            assertThat(d.requests.get(0).target())
                    .isEqualTo("/v1.50/networks?filters=%7B%22driver%22%3A%7B%22bridge%22%3Atrue%7D%7D");
        }
    }

    @Test
    void networkList_quietNoTruncAndTemplate() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, NETWORKS))) {
            assertThat(berth(d, "network", "list", "-q", "--no-trunc")).isEqualTo(0);
            assertThat(out()).isEqualTo("dddddddddddd4444\ncccccccccccc3333\nbbbbbbbbbbbb2222\naaaaaaaaaaaa1111\n");
            out.reset();
            assertThat(berth(d, "network", "ls", "--format",
                    "{{.Name}} {{.Internal}} {{.IPv4}} {{.Labels}} {{.Label \"b\"}} {{.CreatedAt}}")).isEqualTo(0);
            assertThat(out()).startsWith("bridge false true   0001-01-01 00:00:00 +0000 UTC\n").endsWith("net10 true true a=1,b=2 2 2023-11-14 22:13:20.5 +0000 UTC\n");
        }
    }

    @Test
    void networkCreate_ipamConfigAndOptions_inBody() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(201, "{\"Id\":\"0123456789abcdef\",\"Warning\":\"\"}"))) {
            assertThat(berth(d, "network", "create", "-d", "bridge", "--subnet", "10.1.0.0/16", "--ip-range", "10.1.2.0/24",
                    "--gateway", "10.1.0.1", "--internal", "--label", "team=db", "-o", "com.docker.network.bridge.name=br1",
                    "--attachable", "backend")).isEqualTo(0);
            assertThat(out()).isEqualTo("0123456789abcdef\n");
            FakeDaemon.Request r = d.requests.get(0);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.target()).isEqualTo("/v1.50/networks/create");
            Object b = body(r);
            assertThat(Json.path(b, "Name")).isEqualTo("backend");
            assertThat(Json.path(b, "Driver")).isEqualTo("bridge");
            assertThat(Json.path(b, "Internal")).isEqualTo(true);
            assertThat(Json.path(b, "Attachable")).isEqualTo(true);
            assertThat(Json.write(Json.path(b, "IPAM", "Config")))
                    .isEqualTo("[{\"Subnet\":\"10.1.0.0/16\",\"IPRange\":\"10.1.2.0/24\",\"Gateway\":\"10.1.0.1\"}]");
            assertThat(Json.path(b, "IPAM", "Driver")).isEqualTo("default");
            assertThat(Json.write(Json.path(b, "Labels"))).isEqualTo("{\"team\":\"db\"}");
            assertThat(Json.write(Json.path(b, "Options"))).isEqualTo("{\"com.docker.network.bridge.name\":\"br1\"}");
        }
    }

    @Test
    void networkCreate_gatewayOutsideSubnet_failsWithoutCallingDaemon() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(201, "{\"Id\":\"x\"}"))) {
            assertThat(berth(d, "network", "create", "--subnet", "10.1.0.0/16", "--gateway", "10.2.0.1", "n")).isEqualTo(1);
            assertThat(err()).isEqualTo("no matching subnet for gateway 10.2.0.1\n");  // as the docker CLI 28: no "Error: "
            assertThat(d.requests).isEmpty();
        }
    }

    @Test
    void networkRm_severalOneFailing_triesAllAndExits1() throws Exception {
        try (FakeDaemon d = daemon(r -> r.target().endsWith("/networks/b")
                ? FakeDaemon.json(404, "{\"message\":\"network b not found\"}") : NO_CONTENT)) {
            assertThat(berth(d, "network", "rm", "a", "b", "c")).isEqualTo(1);
            assertThat(out()).isEqualTo("a\nc\n");
            assertThat(err()).isEqualTo("Error response from daemon: network b not found\n");
            assertThat(d.requests).extracting(FakeDaemon.Request::method).containsOnly("DELETE");
            assertThat(d.requests).extracting(FakeDaemon.Request::target)
                    .containsExactly("/v1.50/networks/a", "/v1.50/networks/b", "/v1.50/networks/c");
        }
    }

    @Test
    void networkRemove_forceIgnoresMissing() throws Exception {
        try (FakeDaemon d = daemon(r -> r.target().endsWith("/networks/b")
                ? FakeDaemon.json(404, "{\"message\":\"network b not found\"}") : NO_CONTENT)) {
            assertThat(berth(d, "network", "remove", "-f", "a", "b")).isEqualTo(0);
            assertThat(out()).isEqualTo("a\n");
            assertThat(err()).isEmpty();
        }
    }

    @Test
    void networkConnect_ipAndAliases_inBody() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, "{}"))) {
            assertThat(berth(d, "network", "connect", "--ip", "10.1.0.5", "--alias", "db", "--alias", "pg,primary",
                    "backend", "web")).isEqualTo(0);
            assertThat(out()).isEmpty();
            FakeDaemon.Request r = d.requests.get(0);
            assertThat(r.target()).isEqualTo("/v1.50/networks/backend/connect");
            assertThat(Json.write(body(r))).isEqualTo("{\"Container\":\"web\",\"EndpointConfig\":"
                    + "{\"IPAMConfig\":{\"IPv4Address\":\"10.1.0.5\"},\"Aliases\":[\"db\",\"pg\",\"primary\"]}}");
        }
    }

    @Test
    void networkConnect_badIp_exits125() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, "{}"))) {
            assertThat(berth(d, "network", "connect", "--ip", "10.1.0.300", "backend", "web")).isEqualTo(125);
            assertThat(err()).startsWith("invalid argument \"10.1.0.300\" for \"--ip\" flag");
            assertThat(d.requests).isEmpty();
        }
    }

    @Test
    void networkDisconnect_force_inBody() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, "{}"))) {
            assertThat(berth(d, "network", "disconnect", "-f", "backend", "web")).isEqualTo(0);
            FakeDaemon.Request r = d.requests.get(0);
            assertThat(r.target()).isEqualTo("/v1.50/networks/backend/disconnect");
            assertThat(Json.write(body(r))).isEqualTo("{\"Container\":\"web\",\"Force\":true}");
        }
    }

    @Test
    void networkPrune_promptAnsweredYes_printsDeletedNetworks() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, "{\"NetworksDeleted\":[\"n1\",\"n2\"]}"))) {
            assertThat(berthWithStdin(d, "y\n", "network", "prune")).isEqualTo(0);
            assertThat(out()).isEqualTo("WARNING! This will remove all custom networks not used by at least one container.\n"
                    + "Are you sure you want to continue? [y/N] Deleted Networks:\nn1\nn2\n\n");
            assertThat(d.requests.get(0).method()).isEqualTo("POST");
            assertThat(d.requests.get(0).target()).isEqualTo("/v1.50/networks/prune");
        }
    }

    @Test
    void networkPrune_promptDeclined_doesNotPrune() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, "{\"NetworksDeleted\":[]}"))) {
            assertThat(berthWithStdin(d, "yes\n", "network", "prune")).isEqualTo(0);
            assertThat(err()).isEmpty();
            assertThat(d.requests).isEmpty();
            out.reset();
            assertThat(berth(d, "network", "prune", "-f")).isEqualTo(0);
            assertThat(out()).isEmpty();
        }
    }

    @Test
    void networkInspect_formatAndMissing() throws Exception {
        try (FakeDaemon d = daemon(r -> r.target().startsWith("/v1.50/networks/nope")
                ? FakeDaemon.json(404, "{\"message\":\"network nope not found\"}")
                : FakeDaemon.json(200, "{\"Name\":\"backend\",\"Id\":\"abc\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.1.0.0/16\"}]}}"))) {
            assertThat(berth(d, "network", "inspect", "-f", "{{.Name}} {{range .IPAM.Config}}{{.Subnet}}{{end}}", "backend", "nope"))
                    .isEqualTo(1);
            assertThat(out()).isEqualTo("backend 10.1.0.0/16\n");
            assertThat(err()).isEqualTo("Error response from daemon: network nope not found\n");
            out.reset();
            assertThat(berth(d, "network", "inspect", "backend")).isEqualTo(0);
            assertThat(out()).startsWith("[\n    {\n        \"Name\": \"backend\",");
        }
    }

    private static final String INSPECT_WITH_PORTS = "{\"Name\":\"/web\",\"NetworkSettings\":{\"Ports\":{"
            + "\"9000/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"9000\"}],"
            + "\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8080\"},{\"HostIp\":\"::\",\"HostPort\":\"8080\"}],"
            + "\"443/tcp\":null,"
            + "\"53/udp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"5353\"}]}}}";

    @Test
    void port_listsAllMappingsSortedLikeDocker() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, INSPECT_WITH_PORTS))) {
            assertThat(berth(d, "port", "web")).isEqualTo(0);
            assertThat(out()).isEqualTo("53/udp -> 127.0.0.1:5353\n"
                    + "80/tcp -> 0.0.0.0:8080\n"
                    + "80/tcp -> [::]:8080\n"
                    + "9000/tcp -> 0.0.0.0:9000\n");
            assertThat(d.requests.get(0).target()).isEqualTo("/v1.50/containers/web/json");
        }
    }

    @Test
    void port_onePort_printsHostAddresses() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, INSPECT_WITH_PORTS))) {
            assertThat(berth(d, "container", "port", "web", "80")).isEqualTo(0);
            assertThat(out()).isEqualTo("0.0.0.0:8080\n[::]:8080\n");
            out.reset();
            assertThat(berth(d, "port", "web", "53/UDP")).isEqualTo(0);
            assertThat(out()).isEqualTo("127.0.0.1:5353\n");
        }
    }

    @Test
    void port_unpublished_errorsAndExits1() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, INSPECT_WITH_PORTS))) {
            assertThat(berth(d, "port", "web", "81")).isEqualTo(1);
            assertThat(err()).isEqualTo("Error: No public port '81/tcp' published for web\n");
            err.reset();
            assertThat(berth(d, "port", "web", "443/tcp")).isEqualTo(1);
            assertThat(err()).isEqualTo("Error: No public port '443/tcp' published for web\n");
            assertThat(out()).isEmpty();
        }
    }

    @Test
    void run_networkIpAliasAndPublish_landInCreateBody() throws Exception {
        try (FakeDaemon d = daemon(r -> r.target().contains("/containers/create")
                ? FakeDaemon.json(201, "{\"Id\":\"abc\"}") : NO_CONTENT)) {
            assertThat(berth(d, "run", "-d", "--network", "net", "--ip", "10.1.0.5", "--network-alias", "db",
                    "-p", "127.0.0.1:8080:80", "-p", "53/udp", "alpine")).isEqualTo(0);
            assertThat(out()).isEqualTo("abc\n");
            Object b = body(d.requests.get(0));
            assertThat(Json.path(b, "HostConfig", "NetworkMode")).isEqualTo("net");
            assertThat(Json.write(Json.path(b, "NetworkingConfig")))
                    .isEqualTo("{\"EndpointsConfig\":{\"net\":{\"IPAMConfig\":{\"IPv4Address\":\"10.1.0.5\"},\"Aliases\":[\"db\"]}}}");
            assertThat(Json.write(Json.path(b, "ExposedPorts"))).isEqualTo("{\"80/tcp\":{},\"53/udp\":{}}");
            assertThat(Json.write(Json.path(b, "HostConfig", "PortBindings"))).isEqualTo(
                    "{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8080\"}],\"53/udp\":[{\"HostIp\":\"\",\"HostPort\":\"\"}]}");
            assertThat(d.requests.get(1).target()).isEqualTo("/v1.50/containers/abc/start");
        }
    }

    @Test
    void create_publishAllExposeDnsOption_andDefaultNetwork() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(201, "{\"Id\":\"abc\"}"))) {
            assertThat(berth(d, "create", "-P", "--expose", "9000-9001", "--expose", "7/udp", "--dns-option", "ndots:2",
                    "-p", "8000-8010:80", "-p", "127.0.0.1::81", "alpine")).isEqualTo(0);
            Object b = body(d.requests.get(0));
            assertThat(Json.path(b, "HostConfig", "PublishAllPorts")).isEqualTo(true);
            assertThat(Json.path(b, "HostConfig", "NetworkMode")).isEqualTo("default");
            assertThat(Json.path(b, "NetworkingConfig")).isNull();
            assertThat(Json.path(b, "HostConfig", "DnsOptions")).isEqualTo(List.of("ndots:2"));
            assertThat(Json.map(Json.path(b, "ExposedPorts")).keySet())
                    .containsExactlyInAnyOrder("80/tcp", "81/tcp", "9000/tcp", "9001/tcp", "7/udp");
            assertThat(Json.write(Json.path(b, "HostConfig", "PortBindings"))).isEqualTo(
                    "{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8000-8010\"}],\"81/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"\"}]}");
        }
    }

    @Test
    void create_networkFlagVariants() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(201, "{\"Id\":\"abc\"}"))) {
            // a single network without endpoint options sends no endpoint config
            assertThat(berth(d, "create", "--net", "backend", "--dns-opt", "use-vc", "alpine")).isEqualTo(0);
            Object b = body(d.requests.get(0));
            assertThat(Json.path(b, "HostConfig", "NetworkMode")).isEqualTo("backend");
            assertThat(Json.path(b, "NetworkingConfig")).isNull();
            assertThat(Json.path(b, "HostConfig", "DnsOptions")).isEqualTo(List.of("use-vc"));
            // the long syntax, and a second network
            assertThat(berth(d, "create", "--network", "name=front,alias=web", "--network", "back", "--net-alias", "x",
                    "alpine")).isEqualTo(125);
            assertThat(err()).contains("conflicting options: cannot specify both --network-alias and per-network alias");
            assertThat(berth(d, "create", "--network", "name=front,alias=web,ip=10.2.0.9", "--network", "back", "alpine"))
                    .isEqualTo(0);
            b = body(d.requests.get(1));
            assertThat(Json.path(b, "HostConfig", "NetworkMode")).isEqualTo("front");
            assertThat(Json.write(Json.path(b, "NetworkingConfig", "EndpointsConfig")))
                    .isEqualTo("{\"front\":{\"IPAMConfig\":{\"IPv4Address\":\"10.2.0.9\"},\"Aliases\":[\"web\"]},\"back\":{}}");
        }
    }

    @Test
    void run_aliasOnDefaultNetwork_exits125BeforeCallingDaemon() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(201, "{\"Id\":\"abc\"}"))) {
            assertThat(berth(d, "run", "-d", "--network-alias", "db", "alpine")).isEqualTo(125);
            assertThat(err()).contains("network-scoped aliases are only supported for user-defined networks");
            assertThat(berth(d, "run", "-d", "--ip", "nope", "alpine")).isEqualTo(125);
            assertThat(err()).contains("invalid argument \"nope\" for \"--ip\" flag");
            assertThat(berth(d, "run", "-d", "-p", "8080-8081:80-82", "alpine")).isEqualTo(125);
            assertThat(err()).contains("invalid ranges specified for container and host Ports: 80-82 and 8080-8081");
            assertThat(d.requests).isEmpty();
        }
    }

    @Test
    void portSpecs_dockerForms() {
        PortSpecs p = PortSpecs.parse(List.of("8080:80", "[::1]:9090:90", "7000-7001:7000-7001/udp",
                "target=443,published=8443"), List.of());
        assertThat(Json.write(p.bindings())).isEqualTo("{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8080\"}],"
                + "\"90/tcp\":[{\"HostIp\":\"::1\",\"HostPort\":\"9090\"}],"
                + "\"7000/udp\":[{\"HostIp\":\"\",\"HostPort\":\"7000\"}],"
                + "\"7001/udp\":[{\"HostIp\":\"\",\"HostPort\":\"7001\"}],"
                + "\"443/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8443\"}]}");
    }

    @Test
    void ps_ports_collapsedLikeDockerDisplayablePorts() {
        Object ports = Json.parse("["
                + "{\"PrivatePort\":9001,\"Type\":\"tcp\"},"
                + "{\"PrivatePort\":9000,\"Type\":\"tcp\"},"
                + "{\"IP\":\"::\",\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\"},"
                + "{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\"},"
                + "{\"IP\":\"0.0.0.0\",\"PrivatePort\":7001,\"PublicPort\":7001,\"Type\":\"udp\"},"
                + "{\"IP\":\"0.0.0.0\",\"PrivatePort\":7000,\"PublicPort\":7000,\"Type\":\"udp\"},"
                + "{\"PrivatePort\":53,\"Type\":\"udp\"}]");
        assertThat(Ports.displayable(Json.list(ports))).isEqualTo(
                "53/udp, 0.0.0.0:7000-7001->7000-7001/udp, 9000-9001/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp");
    }

    @Test
    void naturalOrder_matchesSortorder() {
        List<String> names = new java.util.ArrayList<>(List.of("net10", "net2", "net02", "Net1", "a", "net", "1x", "10"));
        names.sort(NaturalOrder.INSTANCE);
        assertThat(names).containsExactly("1x", "10", "Net1", "a", "net", "net2", "net02", "net10");
    }
}
