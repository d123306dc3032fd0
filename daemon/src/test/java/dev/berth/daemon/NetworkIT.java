package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Issue #4 as a user types it: networks, published ports and names, with the real docker CLI. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240)
class NetworkIT {
    private BerthdProcess d;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        d = BerthdProcess.start();
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.close();
        }
    }

    @AfterEach
    void cleanUp() {
        if (d != null && d.isAlive()) {
            d.removeAllContainers();
            for (String n : lines(d.docker("network", "ls", "--filter", "type=custom", "-q"))) {
                d.docker("network", "rm", n);
            }
        }
    }

    @Test
    void builtInNetworks_listedOnAFreshDataRoot() {
        Result ls = ok(d.docker("network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Scope}}"));
        assertThat(ls.out().lines()).contains("bridge bridge local", "host host local", "none null local");
        Result inspect = ok(d.docker("network", "inspect", "bridge", "-f", "{{(index .IPAM.Config 0).Gateway}}"));
        assertThat(inspect.out().strip()).matches("\\d+\\.\\d+\\.\\d+\\.1");
        // dockerd's default bridge options, which tools read (kind takes its MTU from here)
        assertThat(ok(d.docker("network", "inspect", "bridge", "-f", "{{index .Options \"com.docker.network.driver.mtu\"}}"))
                .out().strip()).isEqualTo("1500");
        assertThat(ok(d.docker("network", "inspect", "bridge", "-f", "{{json .Options}}")).out().strip())
                .isEqualTo("{\"com.docker.network.bridge.default_bridge\":\"true\","
                        + "\"com.docker.network.bridge.enable_icc\":\"true\","
                        + "\"com.docker.network.bridge.enable_ip_masquerade\":\"true\","
                        + "\"com.docker.network.bridge.host_binding_ipv4\":\"0.0.0.0\","
                        + "\"com.docker.network.bridge.name\":\"" + d.bridgeName() + "\","
                        + "\"com.docker.network.driver.mtu\":\"1500\"}");
        ok(d.docker("network", "create", "plain"));
        assertThat(ok(d.docker("network", "inspect", "plain", "-f", "{{json .Options}}")).out().strip()).isEqualTo("{}");
    }

    @Test
    void severalNetworks_theDefaultRouteAsDockerdChoosesIt_movesOnConnectAndDisconnect_portsWithIt() throws Exception {
        for (String n : List.of("gwa", "gwb", "gwc")) {
            ok(d.docker("network", "create", n));
        }
        String gwA = gatewayOf("gwa");
        String gwB = gatewayOf("gwb");
        String gwC = gatewayOf("gwc");
        ok(d.docker("run", "-d", "--name", "multi", "--network", "gwb", "-p", "127.0.0.1::80", "busybox", "busybox", "httpd", "-f",
                "-p", "80", "-h", "/etc"));
        String published = ok(d.docker("port", "multi", "80")).out().strip();
        assertThat(defaultRoute("multi")).isEqualTo("default via " + gwB + " dev eth0");
        String hostname = BerthdProcess.httpGet("http://" + published + "/hostname");
        assertThat(hostname).isNotBlank();
        ok(d.docker("network", "connect", "gwa", "multi")); // gwa sorts before gwb: the route moves to it
        assertThat(defaultRoute("multi")).isEqualTo("default via " + gwA + " dev eth1");
        // the published port follows the gateway endpoint, at the same host port
        assertThat(ok(d.docker("port", "multi", "80")).out().strip()).isEqualTo(published);
        assertThat(BerthdProcess.httpGet("http://" + published + "/hostname")).isEqualTo(hostname);
        ok(d.docker("network", "disconnect", "gwa", "multi")); // back through gwb: the container keeps its way out
        assertThat(defaultRoute("multi")).isEqualTo("default via " + gwB + " dev eth0");
        assertThat(BerthdProcess.httpGet("http://" + published + "/hostname")).as("the port came back with the route").isEqualTo(hostname);
        ok(d.docker("exec", "multi", "busybox", "ping", "-c1", "-W2", gwB));
        // another network after a disconnect gets an interface of its own (it clashed with the one left before)
        ok(d.docker("network", "connect", "gwc", "multi"));
        assertThat(defaultRoute("multi")).isEqualTo("default via " + gwB + " dev eth0");
        ok(d.docker("network", "connect", "--gw-priority", "5", "gwa", "multi"));
        assertThat(defaultRoute("multi")).isEqualTo("default via " + gwA + " dev eth2");
        assertThat(ok(d.docker("inspect", "-f", "{{.NetworkSettings.Networks.gwa.GwPriority}} "
                + "{{.NetworkSettings.Networks.gwc.GwPriority}}", "multi")).out().strip()).isEqualTo("5 0");
        // at create: the highest priority, whatever the order or the names
        assertThat(ok(d.docker("run", "--rm", "--network", "name=gwb", "--network", "name=gwc,gw-priority=1", "busybox",
                "sh", "-c", "ip route | grep default")).out().strip()).isEqualTo("default via " + gwC + " dev eth1");
    }

    private String gatewayOf(String network) {
        return ok(d.docker("network", "inspect", network, "-f", "{{(index .IPAM.Config 0).Gateway}}")).out().strip();
    }

    private String defaultRoute(String container) {
        return ok(d.docker("exec", container, "sh", "-c", "ip route | grep default")).out().strip();
    }

    @Test
    void defaultBridge_containerGetsAddressReachesGatewayButNotByName() {
        String gateway = ok(d.docker("network", "inspect", "bridge", "-f", "{{(index .IPAM.Config 0).Gateway}}"))
                .out().strip();
        ok(d.docker("run", "-d", "--name", "alpha", "busybox", "sleep", "300"));
        String ip = ok(d.docker("inspect", "-f", "{{.NetworkSettings.Networks.bridge.IPAddress}}", "alpha")).out().strip();
        assertThat(ip).isNotEmpty();
        // dockerd also fills the deprecated top-level fields from the default bridge endpoint; scripts read them.
        String topLevel = ok(d.docker("inspect", "-f", "{{.NetworkSettings.IPAddress}} {{.NetworkSettings.Gateway}} "
                + "{{.NetworkSettings.IPPrefixLen}} {{.NetworkSettings.MacAddress}} {{.NetworkSettings.EndpointID}}", "alpha"))
                .out().strip();
        String endpoint = ok(d.docker("inspect", "-f", "{{with .NetworkSettings.Networks.bridge}}{{.IPAddress}} {{.Gateway}} "
                + "{{.IPPrefixLen}} {{.MacAddress}} {{.EndpointID}}{{end}}", "alpha")).out().strip();
        assertThat(topLevel).isEqualTo(endpoint).startsWith(ip + " " + gateway + " ").matches("\\S+ \\S+ \\d+ 02:42:\\S+ \\S+");
        // and the fields dockerd 28 sends though it never sets them, in its struct's order: the daemon's own bytes
        // (the docker CLI would fill what they lack with Go's zero values; an SDK's dict would lack the keys)
        String raw = ok(BerthdProcess.run(Duration.ofSeconds(20), "curl", "-sf", "--unix-socket", d.socket().toString(),
                "http://berthd/containers/alpha/json")).out();
        assertThat(raw)
                .containsSubsequence("\"Ports\"", "\"HairpinMode\":false", "\"LinkLocalIPv6Address\":\"\"",
                        "\"LinkLocalIPv6PrefixLen\":0", "\"SecondaryIPAddresses\":null", "\"SecondaryIPv6Addresses\":null",
                        "\"EndpointID\"");
        assertThat(ok(d.docker("run", "--rm", "busybox", "busybox", "ping", "-c1", "-W2", gateway)).out())
                .contains("1 packets received");
        assertThat(ok(d.docker("run", "--rm", "busybox", "busybox", "ping", "-c1", "-W2", ip)).out())
                .contains("1 packets received");
        // No embedded DNS on the default bridge, as in Docker.
        assertThat(d.docker("run", "--rm", "busybox", "busybox", "ping", "-c1", "-W1", "alpha").exitCode()).isNotZero();
    }

    @Test
    void defaultBridge_aContainerLeaving_doesNotMoveTheGatewaysMac() throws IOException {
        String gateway = ok(d.docker("network", "inspect", "bridge", "-f", "{{(index .IPAM.Config 0).Gateway}}"))
                .out().strip();
        ok(d.docker("run", "-d", "--name", "first", "busybox", "sleep", "300"));
        ok(d.docker("run", "-d", "--name", "second", "busybox", "sleep", "300"));
        ok(d.docker("exec", "second", "busybox", "ping", "-c1", "-W2", gateway));
        Path device = Path.of("/sys/class/net", d.bridgeName());
        String mac = Files.readString(device.resolve("address")).strip();
        // a bridge left to the kernel takes its lowest port's MAC; "second" would keep the old one in its ARP cache
        ok(d.docker("rm", "-f", "first"));
        assertThat(Files.readString(device.resolve("address")).strip()).as("the bridge's MAC").isEqualTo(mac);
        assertThat(Files.readString(device.resolve("addr_assign_type")).strip()).as("set, not taken from a port")
                .isEqualTo("3");
        assertThat(ok(d.docker("exec", "second", "busybox", "ping", "-c1", "-W2", gateway)).out())
                .contains("1 packets received");
    }

    /**
     * As dockerd sets docker0 up from its configuration at each start: a daemon restarted with another
     * {@code bip} moves the default bridge there, device, rules and new containers' addresses; while a
     * container is attached (its address in the old subnet) the start is refused, saying what to do.
     */
    @Test
    void bip_changedAtARestart_movesTheDefaultBridge_refusedWhileAContainerIsAttached() throws Exception {
        try (BerthdProcess own = BerthdProcess.start("{\"bip\": \"10.219.1.1/24\"}")) {
            ok(own.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
            String ipam = "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}";
            assertThat(ok(own.docker("network", "inspect", "-f", ipam, "bridge")).out().strip())
                    .isEqualTo("10.219.1.0/24 10.219.1.1");
            ok(own.docker("run", "-d", "--name", "held", "busybox", "sleep", "300"));
            assertThatThrownBy(() -> own.restartWith("{\"bip\": \"10.219.2.1/24\"}"))
                    .hasMessageContaining("--bip 10.219.2.1/24 cannot be applied: containers are attached to the default "
                            + "bridge (10.219.1.1/24): held; stop them first, or start berthd with --bip 10.219.1.1/24");
            own.restartWith("{\"bip\": \"10.219.1.1/24\"}");
            assertThat(ok(own.docker("inspect", "-f", "{{.State.Running}} {{.NetworkSettings.IPAddress}}", "held")).out()
                    .strip()).isEqualTo("true 10.219.1.2");
            ok(own.docker("rm", "-f", "held"));

            own.restartWith("{\"bip\": \"10.219.2.1/24\"}");
            assertThat(ok(own.docker("network", "inspect", "-f", ipam, "bridge")).out().strip())
                    .isEqualTo("10.219.2.0/24 10.219.2.1");
            Result device = BerthdProcess.run(Duration.ofSeconds(10), "ip", "-o", "-4", "addr", "show", "dev",
                    own.bridgeName());
            assertThat(device.out()).contains("inet 10.219.2.1/24").doesNotContain("10.219.1.");
            Result r = ok(own.docker("run", "--rm", "busybox", "sh", "-c",
                    "busybox ip -4 -o addr show eth0; busybox ping -c1 -W2 10.219.2.1"));
            assertThat(r.out()).contains("inet 10.219.2.2/24").contains("1 packets received");
            String nat = BerthdProcess.run(Duration.ofSeconds(10), "iptables", "-w", "-t", "nat", "-S").out();
            assertThat(nat).contains("-s 10.219.2.0/24 ! -o " + own.bridgeName() + " -j MASQUERADE")
                    .doesNotContain("10.219.1.0/24");
            // the move is no Docker event
            assertThat(ok(own.docker("events", "--since", "0", "--until", "0s", "--filter", "type=network",
                    "--format", "{{.Action}} {{.Actor.Attributes.name}}")).out()).doesNotContain("destroy bridge");
        }
    }

    /**
     * dockerd's {@code ipv6} and {@code fixed-cidr-v6} for the default bridge: its containers get IPv6 addresses and
     * ports on both families; a restart keeps the subnet, one without {@code ipv6} takes it away (refused, saying
     * what to do, while a container is attached), and without {@code fixed-cidr-v6} it is a /64 of the daemon's ULA.
     */
    @Test
    void defaultBridgeIpv6_fromTheDaemonsConfiguration_addressesPorts_keptOrTakenAwayAtARestart() throws Exception {
        try (BerthdProcess own = BerthdProcess.start("{\"ipv6\": true, \"fixed-cidr-v6\": \"fd00:b1e7:d::/64\"}")) {
            ok(own.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
            assertThat(ok(own.docker("network", "inspect", "-f", "{{.EnableIPv6}} {{(index .IPAM.Config 1).Subnet}} "
                    + "{{(index .IPAM.Config 1).Gateway}}", "bridge")).out().strip())
                    .isEqualTo("true fd00:b1e7:d::/64 fd00:b1e7:d::1");
            ok(own.docker("run", "-d", "--name", "d6", "--hostname", "d6", "-p", "18460:80", "busybox", "sh", "-c",
                    "mkdir -p /www && echo $HOSTNAME > /www/index.html && exec busybox httpd -f -p 80 -h /www"));
            assertThat(ok(own.docker("inspect", "-f", "{{.NetworkSettings.GlobalIPv6Address}} "
                    + "{{.NetworkSettings.IPv6Gateway}}", "d6")).out().strip()).isEqualTo("fd00:b1e7:d::2 fd00:b1e7:d::1");
            assertThat(ok(own.docker("port", "d6")).out()).isEqualTo("80/tcp -> 0.0.0.0:18460\n80/tcp -> [::]:18460\n");
            assertThat(BerthdProcess.httpGet("http://[fd00:b1e7:d::1]:18460/")).isEqualTo("d6\n");
            assertThat(ok(own.docker("exec", "d6", "busybox", "ip", "-6", "route")).out())
                    .contains("default via fd00:b1e7:d::1 dev eth0");
            // the default bridge still takes no address of the user's choosing
            assertThat(own.docker("run", "--rm", "--ip6", "fd00:b1e7:d::9", "busybox", "true").err())
                    .contains("user specified IP address is supported on user defined networks only");

            // a restart with ipv6 alone keeps the journal's subnet; one without ipv6 is refused while d6 is attached
            own.restartWith("{\"ipv6\": true}");
            assertThat(BerthdProcess.httpGet("http://[fd00:b1e7:d::1]:18460/")).isEqualTo("d6\n");
            assertThatThrownBy(() -> own.restartWith("{}"))
                    .hasMessageContaining("a default bridge without IPv6 (no --ipv6) cannot be applied: containers are "
                            + "attached to the default bridge (")
                    .hasMessageContaining(", fd00:b1e7:d::/64): d6; stop them first, or start berthd with --bip ")
                    .hasMessageContaining(" --ipv6 --fixed-cidr-v6 fd00:b1e7:d::/64");
            own.restartWith("{\"ipv6\": true}");
            ok(own.docker("rm", "-f", "d6"));

            own.restartWith("{}");
            assertThat(ok(own.docker("network", "inspect", "-f", "{{.EnableIPv6}} {{len .IPAM.Config}}", "bridge")).out()
                    .strip()).isEqualTo("false 1");
            // a run waits for the start's network restore (it runs after the API answers), so the host is checked after
            assertThat(ok(own.docker("run", "--rm", "busybox", "busybox", "ip", "-6", "addr", "show", "dev", "eth0",
                    "scope", "global")).out()).isEmpty();
            assertThat(BerthdProcess.run(Duration.ofSeconds(10), "ip", "-6", "addr", "show", "dev", own.bridgeName(),
                    "scope", "global").out()).isEmpty();
            assertThat(fenceRules(own.bridgeName())).isZero();

            own.restartWith("{\"ipv6\": true}");
            String ula = ok(own.docker("network", "inspect", "-f", "{{(index .IPAM.Config 1).Subnet}}", "bridge")).out()
                    .strip();
            assertThat(ula).matches("fd[0-9a-f]{2}:[0-9a-f]{1,4}:[0-9a-f]{1,4}::/64");
            assertThat(ok(own.docker("run", "--rm", "busybox", "busybox", "ip", "-6", "addr", "show", "dev", "eth0")).out())
                    .contains("inet6 " + ula.replace("::/64", "::2/64"));
        }
    }

    @Test
    void userNetworks_namesResolveInsideAndNetworksAreIsolated() {
        ok(d.docker("network", "create", "--subnet", "10.217.1.0/24", "front"));
        ok(d.docker("network", "create", "--subnet", "10.217.2.0/24", "back"));
        ok(d.docker("run", "-d", "--name", "web", "--network", "front", "--network-alias", "www",
                "--ip", "10.217.1.50", "busybox", "sleep", "300"));
        ok(d.docker("run", "-d", "--name", "db", "--network", "back", "busybox", "sleep", "300"));
        assertThat(ok(d.docker("inspect", "-f", "{{.NetworkSettings.Networks.front.IPAddress}}", "web")).out().strip())
                .isEqualTo("10.217.1.50");
        assertThat(ok(d.docker("inspect", "-f", "[{{.NetworkSettings.IPAddress}}{{.NetworkSettings.Gateway}}"
                + "{{.NetworkSettings.MacAddress}}]", "web")).out().strip()).as("not on the default bridge").isEqualTo("[]");
        for (String name : List.of("web", "www")) {
            Result ping = ok(d.docker("run", "--rm", "--network", "front", "busybox", "busybox", "ping", "-c1", "-W2", name));
            assertThat(ping.out()).contains("10.217.1.50").contains("1 packets received");
        }
        String dbIp = ok(d.docker("inspect", "-f", "{{.NetworkSettings.Networks.back.IPAddress}}", "db")).out().strip();
        assertThat(d.docker("run", "--rm", "--network", "front", "busybox", "busybox", "ping", "-c1", "-W1", dbIp)
                .exitCode()).as("front cannot reach back").isNotZero();
        Result members = ok(d.docker("network", "inspect", "front", "-f", "{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}"));
        assertThat(members.out().strip()).isEqualTo("web 10.217.1.50/24");
        // a rename of the running container: its endpoint and DNS names follow, as dockerd's
        ok(d.docker("rename", "web", "web2"));
        assertThat(ok(d.docker("run", "--rm", "--network", "front", "busybox", "busybox", "ping", "-c1", "-W2", "web2"))
                .out()).contains("10.217.1.50").contains("1 packets received");
        assertThat(d.docker("run", "--rm", "--network", "front", "busybox", "busybox", "nslookup", "web").exitCode())
                .as("the old name is gone").isEqualTo(1);
        assertThat(ok(d.docker("network", "inspect", "front", "-f", "{{range .Containers}}{{.Name}}{{end}}")).out().strip())
                .isEqualTo("web2");
        ok(d.docker("rename", "web2", "web"));
        // connect: db joins front too and becomes reachable by name there.
        ok(d.docker("network", "connect", "--alias", "database", "front", "db"));
        assertThat(ok(d.docker("run", "--rm", "--network", "front", "busybox", "busybox", "ping", "-c1", "-W2", "database"))
                .out()).contains("1 packets received");
        ok(d.docker("network", "disconnect", "front", "db"));
        assertThat(d.docker("network", "rm", "front").exitCode()).as("in use").isNotZero();
        assertThat(d.docker("network", "rm", "front").err()).contains("has active endpoints");
    }

    @Test
    void aContainerOnTwoNetworks_resolvesTheNamesOfBoth_andNameDotNetwork_othersSeeTheirOwn() {
        ok(d.docker("network", "create", "--subnet", "10.217.11.0/24", "dns-a"));
        ok(d.docker("network", "create", "--subnet", "10.217.12.0/24", "dns-b"));
        ok(d.docker("run", "-d", "--name", "on-a", "--network", "dns-a", "--ip", "10.217.11.7", "busybox", "sleep", "300"));
        ok(d.docker("run", "-d", "--name", "on-b", "--network", "dns-b", "--ip", "10.217.12.7", "busybox", "sleep", "300"));
        ok(d.docker("run", "-d", "--name", "on-both", "--network", "dns-a", "busybox", "sleep", "300"));
        ok(d.docker("network", "connect", "dns-b", "on-both"));
        // whichever network's resolver the container asks, it answers for every network the container is on
        for (String[] name : new String[][] {{"on-a", "10.217.11.7"}, {"on-b", "10.217.12.7"},
                {"on-a.dns-a", "10.217.11.7"}, {"on-b.dns-b", "10.217.12.7"}}) {
            Result r = d.docker("exec", "on-both", "busybox", "nslookup", name[0]);
            assertThat(r.exitCode()).as(name[0] + ": " + r.out() + r.err()).isZero();
            assertThat(r.out()).contains("Address: " + name[1]);
        }
        assertThat(d.docker("exec", "on-both", "busybox", "nslookup", "on-b.dns-a").exitCode())
                .as("on-b is not on dns-a").isEqualTo(1);
        // after leaving the network its resolv.conf names, that server still answers it for the network it is on
        ok(d.docker("network", "disconnect", "dns-a", "on-both"));
        assertThat(ok(d.docker("exec", "on-both", "busybox", "nslookup", "on-b")).out()).contains("Address: 10.217.12.7");
        assertThat(d.docker("exec", "on-both", "busybox", "nslookup", "on-a").exitCode())
                .as("dns-a's names went with it").isEqualTo(1);
        // a container on dns-b alone still sees dns-b's names only
        assertThat(d.docker("run", "--rm", "--network", "dns-b", "busybox", "busybox", "nslookup", "on-a").exitCode())
                .isEqualTo(1);
        assertThat(ok(d.docker("run", "--rm", "--network", "dns-b", "busybox", "busybox", "nslookup", "on-both")).out())
                .contains("Address: 10.217.12.");
    }

    @Test
    void linksOnAUserNetwork_anAliasTheLinkingContainerAloneResolves_onRunAndConnect() {
        ok(d.docker("network", "create", "--subnet", "10.217.13.0/24", "linked"));
        ok(d.docker("run", "-d", "--name", "link-target", "--network", "linked", "--ip", "10.217.13.9", "busybox",
                "sleep", "300"));
        Result viaRun = ok(d.docker("run", "--rm", "--network", "linked", "--link", "link-target:database", "busybox",
                "busybox", "nslookup", "database"));
        assertThat(viaRun.out()).contains("Address: 10.217.13.9");
        assertThat(d.docker("run", "--rm", "--network", "linked", "busybox", "busybox", "nslookup", "database")
                .exitCode()).as("another container does not see the alias").isEqualTo(1);

        // connect --link, to a container created on the default bridge: it asks the user network's resolver
        ok(d.docker("create", "--name", "link-later", "busybox", "sleep", "300"));
        ok(d.docker("network", "connect", "--link", "link-target:viaconnect", "linked", "link-later"));
        ok(d.docker("start", "link-later"));
        assertThat(ok(d.docker("exec", "link-later", "busybox", "nslookup", "viaconnect")).out())
                .contains("Address: 10.217.13.9");
        assertThat(ok(d.docker("exec", "link-later", "busybox", "nslookup", "link-target")).out())
                .contains("Address: 10.217.13.9");
        assertThat(ok(d.docker("inspect", "-f", "{{json .NetworkSettings.Networks.linked.Links}}", "link-later"))
                .out().strip()).isEqualTo("[\"link-target:viaconnect\"]");

        Result onBridge = d.docker("network", "connect", "--link", "link-target:x", "bridge", "link-target");
        assertThat(onBridge.exitCode()).isEqualTo(1);
        assertThat(onBridge.err()).contains("links on a network are supported only for user-defined networks");
    }

    @Test
    void ownDnsServers_onAUserNetwork_theEmbeddedDnsForwardsToThem_andContainerNamesStillResolve() throws Exception {
        Path script = Path.of(NetworkIT.class.getResource("/dns/fixed_answer.py").toURI());
        Process upstream = new ProcessBuilder("python3", script.toString(), "127.0.0.77", "anything.example", "10.1.2.3")
                .redirectErrorStream(true).start();
        try {
            assertThat(new String(upstream.getInputStream().readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("ready\n");
            ok(d.docker("network", "create", "--subnet", "10.217.14.0/24", "own-dns"));
            ok(d.docker("run", "-d", "--name", "dns-peer", "--network", "own-dns", "--ip", "10.217.14.9", "busybox",
                    "sleep", "300"));
            Result r = ok(d.docker("run", "--rm", "--network", "own-dns", "--dns", "127.0.0.77", "--dns-search",
                    "corp.example", "busybox", "sh", "-c",
                    "cat /etc/resolv.conf; busybox nslookup anything.example; busybox nslookup dns-peer."));
            assertThat(r.out()).contains("nameserver 10.217.14.1\n", "search corp.example")
                    .doesNotContain("nameserver 127.0.0.77")
                    .contains("Address: 10.1.2.3", "Address: 10.217.14.9");
            // a container without --dns does not use it
            assertThat(d.docker("run", "--rm", "--network", "own-dns", "busybox", "busybox", "nslookup",
                    "anything.example").out()).doesNotContain("10.1.2.3");
        } finally {
            upstream.destroyForcibly().waitFor();
        }
    }

    @Test
    void networkDisabled_loopbackOnly_onNoNetwork_noPortsNoConnect() throws Exception {
        Result created = api("POST", "/containers/create?name=no-net", "{\"Image\":\"busybox\",\"Cmd\":[\"busybox\","
                + "\"ip\",\"-o\",\"link\"],\"NetworkDisabled\":true}");
        assertThat(created.out()).endsWith(" 201");
        Result run = ok(d.docker("start", "-a", "no-net"));
        assertThat(run.out()).contains("lo:").doesNotContain("eth0");
        assertThat(ok(d.docker("inspect", "-f", "{{.Config.NetworkDisabled}} {{len .NetworkSettings.Networks}}",
                "no-net")).out().strip()).isEqualTo("true 0");
        Result connect = d.docker("network", "connect", "bridge", "no-net");
        assertThat(connect.exitCode()).isEqualTo(1);
        assertThat(connect.err()).contains("has its network disabled");
        Result ports = api("POST", "/containers/create?name=no-net-ports", "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"NetworkDisabled\""
                + ":true,\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"18099\"}]}}}");
        assertThat(ports.out()).endsWith(" 400").contains("conflicting options: port publishing and NetworkDisabled");
        assertThat(d.docker("inspect", "no-net-ports").exitCode()).isEqualTo(1);
        Result alias = api("POST", "/containers/create?name=no-net-alias", "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],"
                + "\"NetworkDisabled\":true,\"NetworkingConfig\":{\"EndpointsConfig\":{\"bridge\":{\"Aliases\":[\"x\"]}}}}");
        assertThat(alias.out()).endsWith(" 400")
                .contains("conflicting options: endpoint settings for network bridge and NetworkDisabled");
    }

    private Result api(String method, String path, String json) throws IOException {
        return BerthdProcess.run(Duration.ofSeconds(30), "curl", "-s", "-w", " %{http_code}", "-X", method,
                "--unix-socket", d.socket().toString(), "-H", "Content-Type: application/json", "-d", json,
                "http://berthd" + path);
    }

    @Test
    void endpointDriverOpts_ifnameAndSysctls_onRunAndConnect_otherKeysRefused() {
        ok(d.docker("network", "create", "--subnet", "10.217.15.0/24", "opts-a"));
        ok(d.docker("network", "create", "--subnet", "10.217.16.0/24", "opts-b"));
        Result run = ok(d.docker("run", "--rm", "--network", "name=opts-a,driver-opt=com.docker.network.endpoint.ifname="
                + "front0,driver-opt=com.docker.network.endpoint.sysctls=net.ipv4.conf.IFNAME.log_martians=1",
                "busybox", "sh", "-c", "busybox ip -o link; cat /proc/sys/net/ipv4/conf/front0/log_martians; busybox ip route"));
        assertThat(run.out()).contains(": front0@").doesNotContain("eth0").contains("\n1\n")
                .contains("default via 10.217.15.1 dev front0");

        ok(d.docker("run", "-d", "--name", "opts-c", "--network", "opts-a", "busybox", "sleep", "300"));
        ok(d.docker("network", "connect", "--driver-opt", "com.docker.network.endpoint.ifname=side", "opts-b", "opts-c"));
        assertThat(ok(d.docker("exec", "opts-c", "busybox", "ip", "-o", "link")).out()).contains(": eth0@", ": side@");
        assertThat(ok(d.docker("inspect", "-f", "{{json .NetworkSettings.Networks}}", "opts-c")).out())
                .contains("\"DriverOpts\":{\"com.docker.network.endpoint.ifname\":\"side\"}");
        Result clash = d.docker("network", "connect", "--driver-opt", "com.docker.network.endpoint.ifname=eth0", "bridge",
                "opts-c");
        assertThat(clash.err()).contains("interface name eth0 is already in use in the container");

        Result badSysctl = d.docker("run", "--rm", "--network", "name=opts-a,driver-opt=com.docker.network.endpoint."
                + "sysctls=net.ipv4.conf.eth0.forwarding=1", "busybox", "true");
        assertThat(badSysctl.exitCode()).isEqualTo(125);
        assertThat(badSysctl.err()).contains("unrecognised network interface sysctl 'net.ipv4.conf.eth0.forwarding=1'");
        Result other = d.docker("run", "--rm", "--network", "name=opts-a,driver-opt=foo=bar", "busybox", "true");
        assertThat(other.err()).contains("endpoint driver option foo is not supported by Berth yet");
    }

    @Test
    void ipv6Network_addressesRoutesNamesAndFixedAddresses_rulesInIp6tables_keptAcrossAKill9() throws Exception {
        ok(d.docker("network", "create", "--ipv6", "--subnet", "fd00:b1e7:6::/64", "v6net"));
        assertThat(ok(d.docker("network", "inspect", "v6net", "-f", "{{.EnableIPv6}} {{json .IPAM.Config}}")).out().strip())
                .matches("true \\[\\{\"Subnet\":\"[0-9.]+/\\d+\",\"Gateway\":\"[0-9.]+\"},"
                        + "\\{\"Subnet\":\"fd00:b1e7:6::/64\",\"Gateway\":\"fd00:b1e7:6::1\"}]");
        ok(d.docker("run", "-d", "--name", "six", "--network", "v6net", "busybox", "sleep", "300"));
        assertThat(ok(d.docker("inspect", "-f", "{{with .NetworkSettings.Networks.v6net}}{{.GlobalIPv6Address}} "
                + "{{.GlobalIPv6PrefixLen}} {{.IPv6Gateway}}{{end}}", "six")).out().strip())
                .isEqualTo("fd00:b1e7:6::2 64 fd00:b1e7:6::1");
        // an address of its own, the default route over IPv6, the other container by name (AAAA from the embedded
        // DNS) and the bridge's address
        Result inside = ok(d.docker("run", "--rm", "--network", "v6net", "--ip6", "fd00:b1e7:6::99", "busybox", "sh",
                "-c", "ip -6 addr show dev eth0; ip -6 route; ping -6 -c1 -W3 six; ping -6 -c1 -W3 fd00:b1e7:6::1; "
                        + "nslookup -type=AAAA six"));
        assertThat(inside.out()).contains("inet6 fd00:b1e7:6::99/64 scope global")
                .contains("default via fd00:b1e7:6::1 dev eth0").contains("PING six (fd00:b1e7:6::2)")
                .contains("Address: fd00:b1e7:6::2");
        assertThat(inside.out().split("1 packets received", -1)).hasSize(3);
        assertThat(ok(d.docker("network", "inspect", "v6net", "-f", "{{range .Containers}}{{.Name}} {{.IPv6Address}}{{end}}"))
                .out().strip()).isEqualTo("six fd00:b1e7:6::2/64");

        // fixed addresses: taken, outside the subnet, not an address, on a network without IPv6
        ok(d.docker("run", "-d", "--name", "fixed6", "--network", "v6net", "--ip6", "fd00:b1e7:6::100", "busybox", "sleep",
                "300"));
        assertThat(ok(d.docker("inspect", "-f", "{{json .NetworkSettings.Networks.v6net.IPAMConfig}}", "fixed6")).out()
                .strip()).isEqualTo("{\"IPv6Address\":\"fd00:b1e7:6::100\"}");
        assertThat(d.docker("run", "--rm", "--network", "v6net", "--ip6", "fd00:b1e7:6::100", "busybox", "true").err())
                .contains("Address already in use");
        assertThat(d.docker("run", "--rm", "--network", "v6net", "--ip6", "fd00:99::5", "busybox", "true").err())
                .contains("no configured subnet or ip-range contain the IP address fd00:99::5");
        assertThat(d.docker("run", "--rm", "--network", "v6net", "--ip6", "fd00::zz", "busybox", "true").err())
                .contains("invalid IPv6 address: fd00::zz");
        ok(d.docker("network", "create", "plain4"));
        assertThat(d.docker("run", "--rm", "--network", "plain4", "--ip6", "fd00:b1e7:6::7", "busybox", "true").err())
                .contains("user specified IP address is supported only when connecting to networks with user configured subnets");
        // network connect --ip6
        ok(d.docker("create", "--name", "late6", "busybox", "sleep", "300"));
        ok(d.docker("network", "connect", "--ip6", "fd00:b1e7:6::200", "v6net", "late6"));
        ok(d.docker("start", "late6"));
        assertThat(ok(d.docker("exec", "late6", "busybox", "ip", "-6", "addr", "show", "dev", "eth1")).out())
                .contains("inet6 fd00:b1e7:6::200/64");
        // IPv4's default route goes through bridge (first by name), IPv6's through the network that has IPv6
        assertThat(ok(d.docker("exec", "late6", "busybox", "ip", "-6", "route")).out())
                .contains("default via fd00:b1e7:6::1 dev eth1");
        assertThat(ok(d.docker("exec", "late6", "busybox", "ip", "-4", "route")).out()).contains("default via")
                .contains("dev eth0");
        // connected to a running container, disconnected again: the IPv6 default route comes and goes with it
        ok(d.docker("run", "-d", "--name", "run4", "--network", "plain4", "busybox", "sleep", "300"));
        ok(d.docker("network", "connect", "v6net", "run4"));
        assertThat(ok(d.docker("exec", "run4", "busybox", "ip", "-6", "route")).out())
                .contains("default via fd00:b1e7:6::1 dev eth1");
        assertThat(ok(d.docker("exec", "run4", "busybox", "ping", "-6", "-c1", "-W3", "six")).out())
                .contains("1 packets received");
        ok(d.docker("network", "disconnect", "v6net", "run4"));
        assertThat(ok(d.docker("exec", "run4", "busybox", "ip", "-6", "route")).out()).doesNotContain("default via");

        // the network's rules in ip6tables (isolation, forwarding, masquerade) while it exists
        String bridge = "br-" + ok(d.docker("network", "inspect", "v6net", "-f", "{{.Id}}")).out().strip().substring(0, 12);
        long rules6 = fenceRules(bridge);
        assertThat(rules6).isEqualTo(7);

        // a kill -9 of berthd loses none of it
        d.kill9();
        d.restart();
        assertThat(ok(d.docker("exec", "fixed6", "busybox", "ping", "-6", "-c1", "-W3", "fd00:b1e7:6::2")).out())
                .contains("1 packets received");
        // the names come back once the restart's network restore has started the embedded DNS again
        Result byName = d.docker("exec", "fixed6", "busybox", "ping", "-6", "-c1", "-W3", "six");
        for (int i = 0; i < 50 && byName.exitCode() != 0; i++) {
            Thread.sleep(200);
            byName = d.docker("exec", "fixed6", "busybox", "ping", "-6", "-c1", "-W3", "six");
        }
        assertThat(ok(byName).out()).contains("1 packets received");
        assertThat(ok(d.docker("inspect", "-f", "{{.NetworkSettings.Networks.v6net.GlobalIPv6Address}}", "six")).out()
                .strip()).isEqualTo("fd00:b1e7:6::2");
        assertThat(fenceRules(bridge)).isEqualTo(rules6);

        d.removeAllContainers();
        ok(d.docker("network", "rm", "v6net"));
        assertThat(fenceRules(bridge)).isZero();
    }

    @Test
    void ipv6Network_withoutASubnet_takesA64OfTheDaemonsUlaPrefix_andRefusals() {
        ok(d.docker("network", "create", "--ipv6", "ula-a"));
        ok(d.docker("network", "create", "--ipv6", "ula-b"));
        String a = ok(d.docker("network", "inspect", "ula-a", "-f", "{{(index .IPAM.Config 1).Subnet}}")).out().strip();
        String b = ok(d.docker("network", "inspect", "ula-b", "-f", "{{(index .IPAM.Config 1).Subnet}}")).out().strip();
        // fdXX:XXXX:XXXX::/48 from the daemon's id, then its /64s in turn
        assertThat(a).matches("fd[0-9a-f]{2}:[0-9a-f]{1,4}:[0-9a-f]{1,4}::/64");
        assertThat(b).isEqualTo(a.replace("::/64", ":1::/64"));
        assertThat(ok(d.docker("network", "inspect", "ula-a", "-f", "{{(index .IPAM.Config 1).Gateway}}")).out().strip())
                .isEqualTo(a.replace("::/64", "::1"));
        assertThat(ok(d.docker("run", "--rm", "--network", "ula-a", "busybox", "busybox", "ip", "-6", "addr", "show", "dev", "eth0"))
                .out()).contains("inet6 " + a.replace("::/64", "::2/64"));

        Result noFlag = d.docker("network", "create", "--subnet", "fd00:b1e7:7::/64", "no-flag");
        assertThat(noFlag.exitCode()).isEqualTo(1);
        assertThat(noFlag.err()).contains("IPv6 subnet fd00:b1e7:7::/64 given for a network without IPv6: set EnableIPv6 (--ipv6)");
        assertThat(d.docker("network", "create", "--ipv6", "--subnet", "fd00:b1e7:7::5/64", "hostbits").err())
                .contains("invalid subnet fd00:b1e7:7::5/64: it should be fd00:b1e7:7::/64");
        assertThat(d.docker("network", "create", "--ipv6", "--subnet", a.replace("::/64", "::/80"), "overlap").err())
                .contains("Pool overlaps with other one on this address space");
        assertThat(d.docker("network", "create", "--ipv6", "-o", "com.docker.network.bridge.enable_icc=false", "noicc")
                .err()).contains("com.docker.network.bridge.enable_icc=false on a network with IPv6 is not supported by Berth yet");
        assertThat(lines(d.docker("network", "ls", "--format", "{{.Name}}"))).doesNotContain("no-flag", "hostbits",
                "overlap", "noicc");
    }

    /** How many rules in ip6tables' filter and nat tables name the bridge. */
    private static long fenceRules(String bridge) throws Exception {
        long n = 0;
        for (String table : List.of("filter", "nat")) {
            n += run("ip6tables", "-w", "-t", table, "-S").lines().filter(l -> l.contains(" " + bridge + " ")).count();
        }
        return n;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }

    @Test
    void ipv6Network_reachesOutMasqueraded_internalOneDoesNot() throws Exception {
        // "outside": a namespace of the test's own behind a veth, with no route back to any container subnet, so an
        // answer arrives only if the container's address was masqueraded to the host's
        try (Outside6 outside = Outside6.create("b6o", "fd00:b1e8::")) {
            ok(d.docker("network", "create", "--ipv6", "--subnet", "fd00:b1e7:8::/64", "out6"));
            assertThat(ok(d.docker("run", "--rm", "--network", "out6", "busybox", "busybox", "ping", "-6", "-c1", "-W3",
                    "fd00:b1e8::2")).out()).contains("1 packets received");
            ok(d.docker("network", "create", "--ipv6", "--internal", "--subnet", "fd00:b1e7:9::/64", "in6"));
            Result internal = d.docker("run", "--rm", "--network", "in6", "busybox", "busybox", "ping", "-6", "-c1", "-W2",
                    "fd00:b1e8::2");
            assertThat(internal.exitCode()).isNotZero();
            // and out6's containers do not reach in6's
            ok(d.docker("run", "-d", "--name", "inside6", "--network", "in6", "busybox", "sleep", "300"));
            String inside = ok(d.docker("inspect", "-f", "{{.NetworkSettings.Networks.in6.GlobalIPv6Address}}",
                    "inside6")).out().strip();
            assertThat(d.docker("run", "--rm", "--network", "out6", "busybox", "busybox", "ping", "-6", "-c1", "-W2", inside)
                    .exitCode()).isNotZero();
            // nor another network's that reaches out itself: isolated as IPv4 is
            ok(d.docker("network", "create", "--ipv6", "--subnet", "fd00:b1e7:a::/64", "other6"));
            ok(d.docker("run", "-d", "--name", "neighbour6", "--network", "other6", "busybox", "sleep", "300"));
            assertThat(d.docker("run", "--rm", "--network", "out6", "busybox", "busybox", "ping", "-6", "-c1", "-W2",
                    "fd00:b1e7:a::2").exitCode()).isNotZero();
            assertThat(ok(d.docker("run", "--rm", "--network", "other6", "busybox", "busybox", "ping", "-6", "-c1", "-W3",
                    "fd00:b1e7:a::2")).out()).contains("1 packets received");
        }
    }

    /**
     * A network namespace of the test's own on a veth to the host: {@code PREFIX1/64} on the host's end, {@code
     * PREFIX2/64} inside, no other route. Closing removes both.
     */
    private record Outside6(String ns, String hostEnd) implements AutoCloseable {
        static Outside6 create(String name, String prefix) throws Exception {
            String tag = Long.toHexString(System.nanoTime() & 0xffffffL);
            Outside6 o = new Outside6(name + "ns" + tag, name + "h" + tag);
            String inner = name + "n" + tag;
            run("ip", "netns", "add", o.ns());
            try {
                run("ip", "link", "add", o.hostEnd(), "type", "veth", "peer", "name", inner, "netns", o.ns());
                run("ip", "-6", "addr", "add", prefix + "1/64", "dev", o.hostEnd(), "nodad");
                run("ip", "link", "set", o.hostEnd(), "up");
                run("ip", "netns", "exec", o.ns(), "ip", "-6", "addr", "add", prefix + "2/64", "dev", inner, "nodad");
                run("ip", "netns", "exec", o.ns(), "ip", "link", "set", inner, "up");
            } catch (Exception | Error e) {
                o.close();
                throw e;
            }
            return o;
        }

        @Override
        public void close() throws Exception {
            new ProcessBuilder("ip", "link", "del", hostEnd).start().waitFor();
            new ProcessBuilder("ip", "netns", "del", ns).start().waitFor();
        }
    }

    @Test
    void ipv6Network_publishedPorts_onBothFamilies_fromOutsideAndTheHost_refusals_keptAcrossAKill9() throws Exception {
        // "outside": a namespace of the test's own on a veth with an IPv6 /64 of its own, no other route
        try (Outside6 outside = Outside6.create("b6p", "fd00:b1e9::")) {
            String ns = outside.ns();
            ok(d.docker("network", "create", "--ipv6", "--subnet", "fd00:b1e7:b::/64", "pub6"));
            String httpd = "mkdir -p /www && echo $HOSTNAME > /www/index.html && exec busybox httpd -f -p 80 -h /www";

            // -p 18450:80 names no address: IPv4's and IPv6's, as dockerd binds and lists both
            ok(d.docker("run", "-d", "--name", "both", "--hostname", "both", "--network", "pub6", "-p", "18450:80",
                    "busybox", "sh", "-c", httpd));
            assertThat(ok(d.docker("port", "both")).out()).isEqualTo("80/tcp -> 0.0.0.0:18450\n80/tcp -> [::]:18450\n");
            assertThat(ok(d.docker("ps", "--filter", "name=both", "--format", "{{.Ports}}")).out().strip())
                    .isEqualTo("0.0.0.0:18450->80/tcp, [::]:18450->80/tcp");
            assertThat(ok(d.docker("inspect", "-f", "{{json .NetworkSettings.Ports}}", "both")).out().strip())
                    .isEqualTo("{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"18450\"},"
                            + "{\"HostIp\":\"::\",\"HostPort\":\"18450\"}]}");
            assertThat(fetch(18450)).isEqualTo("both\n");
            // from the host over IPv6 (its address on the test's veth), and from outside it
            assertThat(BerthdProcess.httpGet("http://[fd00:b1e9::1]:18450/")).isEqualTo("both\n");
            assertThat(fetchFrom(ns, "http://[fd00:b1e9::1]:18450/")).isEqualTo("both\n");

            // [::] alone: IPv6 only; 0.0.0.0 alone: IPv4 only
            ok(d.docker("run", "-d", "--name", "only6", "--hostname", "only6", "--network", "pub6", "-p", "[::]:18451:80",
                    "busybox", "sh", "-c", httpd));
            ok(d.docker("run", "-d", "--name", "only4", "--hostname", "only4", "--network", "pub6", "-p",
                    "0.0.0.0:18452:80", "busybox", "sh", "-c", httpd));
            assertThat(ok(d.docker("port", "only6")).out()).isEqualTo("80/tcp -> [::]:18451\n");
            assertThat(ok(d.docker("port", "only4")).out()).isEqualTo("80/tcp -> 0.0.0.0:18452\n");
            assertThat(fetchFrom(ns, "http://[fd00:b1e9::1]:18451/")).isEqualTo("only6\n");
            assertThat(fetch(18452)).isEqualTo("only4\n");
            assertThat(fetchFails(18451)).isTrue();
            assertThat(BerthdProcess.run(Duration.ofSeconds(10), "ip", "netns", "exec", ns, "curl", "-sfg", "-m",
                    "2", "http://[fd00:b1e9::1]:18452/").exitCode()).isNotZero();
            // what is not published stays closed from outside: the container's own address, another port
            assertThat(BerthdProcess.run(Duration.ofSeconds(10), "ip", "netns", "exec", ns, "curl", "-sfg", "-m",
                    "2", "http://[fd00:b1e9::1]:18453/").exitCode()).isNotZero();

            // a network whose default host address (host_binding_ipv4, despite its name) is IPv6's: -p 18456:80 is [::]
            ok(d.docker("network", "create", "--ipv6", "--subnet", "fd00:b1e7:c::/64", "-o",
                    "com.docker.network.bridge.host_binding_ipv4=::", "hb6"));
            ok(d.docker("run", "-d", "--name", "hb", "--hostname", "hb", "--network", "hb6", "-p", "18456:80",
                    "busybox", "sh", "-c", httpd));
            assertThat(ok(d.docker("port", "hb")).out()).isEqualTo("80/tcp -> [::]:18456\n");
            assertThat(fetchFrom(ns, "http://[fd00:b1e9::1]:18456/")).isEqualTo("hb\n");
            assertThat(fetchFails(18456)).isTrue();

            // refused, not passed over: IPv6 to an IPv4-only container (dockerd's userland proxy would carry it;
            // Berth runs none), and ::1, which IPv6 does not route to a container
            Result v4only = d.docker("run", "-d", "--name", "v4only", "-p", "[::]:18454:80", "busybox", "sleep", "30");
            assertThat(v4only.exitCode()).isNotZero();
            assertThat(v4only.err()).contains("cannot publish port 80/tcp on IPv6 address ::: network bridge has no IPv6");
            Result loopback = d.docker("run", "-d", "--name", "lo6", "--network", "pub6", "-p", "[::1]:18455:80",
                    "busybox", "sleep", "30");
            assertThat(loopback.exitCode()).isNotZero();
            assertThat(loopback.err()).contains("cannot publish port 80/tcp on ::1");
            assertThat(ok(d.docker("inspect", "-f", "{{.State.Running}}", "v4only", "lo6")).out()).isEqualTo("false\nfalse\n");

            // a kill -9 of berthd loses none of it; a stopped container's IPv6 port closes
            String bridge = "br-" + ok(d.docker("network", "inspect", "pub6", "-f", "{{.Id}}")).out().strip().substring(0, 12);
            long rules6 = fenceRules(bridge);
            d.kill9();
            d.restart();
            assertThat(fetchFrom(ns, "http://[fd00:b1e9::1]:18450/")).isEqualTo("both\n");
            assertThat(fenceRules(bridge)).isEqualTo(rules6);
            ok(d.docker("stop", "-t", "1", "both"));
            assertThat(BerthdProcess.run(Duration.ofSeconds(10), "ip", "netns", "exec", ns, "curl", "-sfg", "-m",
                    "2", "http://[fd00:b1e9::1]:18450/").exitCode()).isNotZero();
            assertThat(run("ip6tables", "-w", "-t", "nat", "-S")).doesNotContain("--dport 18450 ");
            d.removeAllContainers();
            ok(d.docker("network", "rm", "pub6", "hb6"));
            assertThat(run("ip6tables", "-w", "-t", "nat", "-S")).doesNotContain("fd00:b1e7:b::").doesNotContain("fd00:b1e7:c::");
        }
    }

    /**
     * A page fetched from inside the network namespace {@code ns}, retried while it comes up (curl: Debian's static
     * busybox wget dies of a segfault on any IPv6 URL).
     */
    private static String fetchFrom(String ns, String url) throws Exception {
        Result r = null;
        for (int i = 0; i < 20; i++) {
            r = BerthdProcess.run(Duration.ofSeconds(10), "ip", "netns", "exec", ns, "curl", "-sfg", "-m", "3", url);
            if (r.exitCode() == 0) {
                return r.out();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("wget " + url + " in " + ns + ": " + r);
    }

    @Test
    void linkLocalIps_addedWithA16_onRunAndConnect_shownByInspect_ipv6Refused() {
        Result run = ok(d.docker("run", "--rm", "--link-local-ip", "169.254.7.7", "busybox", "busybox", "ip", "-4", "-o",
                "addr", "show", "eth0"));
        assertThat(run.out()).contains("inet 169.254.7.7/16");
        ok(d.docker("network", "create", "--subnet", "10.217.17.0/24", "ll-net"));
        ok(d.docker("run", "-d", "--name", "ll-c", "--network", "ll-net", "busybox", "sleep", "300"));
        ok(d.docker("network", "connect", "--link-local-ip", "169.254.9.9", "bridge", "ll-c"));
        assertThat(ok(d.docker("exec", "ll-c", "busybox", "ip", "-4", "-o", "addr", "show", "eth1")).out())
                .contains("inet 169.254.9.9/16");
        assertThat(ok(d.docker("inspect", "-f", "{{json .NetworkSettings.Networks.bridge.IPAMConfig}}", "ll-c")).out()
                .strip()).isEqualTo("{\"LinkLocalIPs\":[\"169.254.9.9\"]}");
        Result v6 = d.docker("run", "--rm", "--link-local-ip", "fe80::1", "busybox", "true");
        assertThat(v6.exitCode()).isEqualTo(125);
        assertThat(v6.err()).contains("IPv6 link-local address fe80::1 is not supported by Berth yet");
        assertThat(d.docker("run", "--rm", "--link-local-ip", "0.0.0.0", "busybox", "true").err())
                .contains("invalid link-local IP address: 0.0.0.0");
    }

    @Test
    void dnsOptionsAndHostEntries_landInTheContainersFiles_shortIdResolves() {
        ok(d.docker("network", "create", "--subnet", "10.217.6.0/24", "--ip-range", "10.217.6.128/25", "names"));
        Result resolv = ok(d.docker("run", "--rm", "--dns", "10.217.6.53", "--dns-search", "corp.example",
                "--add-host", "db.local:10.1.2.3", "-h", "myhost", "busybox", "sh", "-c",
                "cat /etc/resolv.conf; cat /etc/hosts; hostname"));
        assertThat(resolv.out()).contains("nameserver 10.217.6.53").contains("search corp.example")
                .contains("10.1.2.3\tdb.local").endsWith("myhost\n");
        String id = ok(d.docker("run", "-d", "--network", "names", "--name", "target", "busybox", "sleep", "300"))
                .out().strip();
        assertThat(ok(d.docker("inspect", "-f", "{{.NetworkSettings.Networks.names.IPAddress}}", "target")).out())
                .startsWith("10.217.6.1"); // from the ip-range: .128 and up
        Result byId = ok(d.docker("run", "--rm", "--network", "names", "busybox", "busybox", "ping", "-c1", "-W2",
                id.substring(0, 12)));
        assertThat(byId.out()).contains("1 packets received");
    }

    @Test
    void publishAll_exposedPortsGetFreeHostPorts_udpToo() throws Exception {
        ok(d.docker("run", "-d", "--name", "exposer", "--expose", "80", "--expose", "5353/udp", "-P", "busybox", "sh", "-c",
                "mkdir -p /www && echo published-all > /www/index.html && exec busybox httpd -f -p 80 -h /www"));
        Result port = ok(d.docker("port", "exposer"));
        assertThat(port.out()).containsPattern("80/tcp -> 0.0.0.0:\\d+").containsPattern("5353/udp -> 0.0.0.0:\\d+");
        String tcp = port.out().lines().filter(l -> l.startsWith("80/tcp")).findFirst().orElseThrow();
        assertThat(fetch(Integer.parseInt(tcp.substring(tcp.lastIndexOf(':') + 1).strip()))).isEqualTo("published-all\n");
    }

    @Test
    void internalNetwork_hasNoWayOut() {
        ok(d.docker("network", "create", "--internal", "--subnet", "10.217.3.0/24", "sealed"));
        String gateway = ok(d.docker("network", "inspect", "bridge", "-f", "{{(index .IPAM.Config 0).Gateway}}"))
                .out().strip();
        Result route = ok(d.docker("run", "--rm", "--network", "sealed", "busybox", "busybox", "ip", "route"));
        assertThat(route.out()).doesNotContain("default");
        assertThat(d.docker("run", "--rm", "--network", "sealed", "busybox", "busybox", "ping", "-c1", "-W1", gateway)
                .exitCode()).isNotZero();
    }

    @Test
    void publishedPorts_reachableOnLoopback_goneWhenStopped() throws Exception {
        ok(d.docker("run", "-d", "--name", "httpd", "-p", "127.0.0.1:18431:80", "-p", "80", "busybox", "sh", "-c",
                "mkdir -p /www && echo hello-from-berth > /www/index.html && exec busybox httpd -f -p 80 -h /www"));
        assertThat(fetch(18431)).isEqualTo("hello-from-berth\n");
        Result port = ok(d.docker("port", "httpd"));
        assertThat(port.out()).contains("80/tcp -> 127.0.0.1:18431").containsPattern("80/tcp -> 0.0.0.0:\\d+");
        String random = port.out().lines().filter(l -> l.contains("0.0.0.0:")).findFirst().orElseThrow();
        int randomPort = Integer.parseInt(random.substring(random.lastIndexOf(':') + 1).strip());
        assertThat(fetch(randomPort)).isEqualTo("hello-from-berth\n");
        assertThat(ok(d.docker("ps", "--format", "{{.Ports}}")).out()).contains("127.0.0.1:18431->80/tcp");
        assertThat(ok(d.docker("inspect", "-f", "{{json .HostConfig.PortBindings}}", "httpd")).out().strip()).isEqualTo(
                "{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"18431\"},{\"HostIp\":\"\",\"HostPort\":\"\"}]}");
        // The same host port again is refused with Docker's words; nothing of the second container runs.
        Result taken = d.docker("run", "-d", "--name", "clash", "-p", "127.0.0.1:18431:80", "busybox", "sleep", "30");
        assertThat(taken.exitCode()).isNotZero();
        assertThat(taken.err()).contains("driver failed programming external connectivity on endpoint clash (")
                .contains("Bind for 127.0.0.1:18431 failed: port is already allocated");
        ok(d.docker("stop", "-t", "1", "httpd"));
        assertThat(fetchFails(18431)).isTrue();
    }

    @Test
    void publishedHostPortRange_eachContainerGetsAFreePortOfIt_allTakenIsDockersError() throws Exception {
        String httpd = "mkdir -p /www && echo range-$HOSTNAME > /www/index.html && exec busybox httpd -f -p 80 -h /www";
        ok(d.docker("run", "-d", "--name", "ra", "--hostname", "ra", "-p", "127.0.0.1:18440-18442:80", "busybox", "sh", "-c", httpd));
        assertThat(ok(d.docker("port", "ra")).out().strip()).isEqualTo("80/tcp -> 127.0.0.1:18440");
        assertThat(fetch(18440)).isEqualTo("range-ra\n");
        assertThat(ok(d.docker("inspect", "-f", "{{json .HostConfig.PortBindings}}", "ra")).out().strip())
                .isEqualTo("{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"18440-18442\"}]}");
        // a host process on 18441: the next container skips it
        try (ServerSocket host = new ServerSocket()) {
            host.bind(new InetSocketAddress("127.0.0.1", 18441));
            ok(d.docker("run", "-d", "--name", "rb", "--hostname", "rb", "-p", "127.0.0.1:18440-18442:80", "busybox", "sh", "-c", httpd));
            assertThat(ok(d.docker("port", "rb")).out().strip()).isEqualTo("80/tcp -> 127.0.0.1:18442");
            assertThat(fetch(18442)).isEqualTo("range-rb\n");
            assertThat(ok(d.docker("ps", "--filter", "name=rb", "--format", "{{.Ports}}")).out().strip())
                    .isEqualTo("127.0.0.1:18442->80/tcp");
            // nothing of the range is left: dockerd's words, nothing of the third container runs
            Result full = d.docker("run", "-d", "--name", "rc", "-p", "127.0.0.1:18440-18442:80", "busybox", "sleep", "30");
            assertThat(full.exitCode()).isNotZero();
            assertThat(full.err()).contains("driver failed programming external connectivity on endpoint rc (")
                    .contains("all ports are allocated");
            assertThat(ok(d.docker("inspect", "-f", "{{.State.Running}}", "rc")).out().strip()).isEqualTo("false");
            // a port given back is taken again by the next start from the range
            ok(d.docker("stop", "-t", "1", "ra"));
            assertThat(fetchFails(18440)).isTrue();
            ok(d.docker("start", "rc"));
            assertThat(ok(d.docker("port", "rc")).out().strip()).isEqualTo("80/tcp -> 127.0.0.1:18440");
        }
        // a range the wrong way round is refused at create with Docker's 400 (the docker CLI checks it before sending)
        String bad = d.http("POST", "/containers/create?name=backwards", "application/json",
                "{\"Image\":\"busybox\",\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"18442-18440\"}]}}}",
                Duration.ofSeconds(30));
        assertThat(bad).startsWith("HTTP/1.1 400").contains("invalid port specification: \\\"18442-18440\\\"");
        assertThat(d.docker("inspect", "backwards").exitCode()).isNotZero();
    }

    @Test
    void oneHostPortOnTwoHostAddresses_twoContainers_anAddressLessOneThenRefused() throws Exception {
        // as dockerd's allocator, per address: two web servers on :18470 of two of the host's addresses
        String httpd = "mkdir -p /www && echo $HOSTNAME > /www/index.html && exec busybox httpd -f -p 80 -h /www";
        ok(d.docker("run", "-d", "--name", "on1", "--hostname", "on1", "-p", "127.0.0.1:18470:80", "busybox", "sh", "-c",
                httpd));
        ok(d.docker("run", "-d", "--name", "on2", "--hostname", "on2", "-p", "127.0.0.2:18470:80", "busybox", "sh", "-c",
                httpd));
        assertThat(fetch(18470)).isEqualTo("on1\n");
        assertThat(BerthdProcess.httpGet("http://127.0.0.2:18470/")).isEqualTo("on2\n");
        Result any = d.docker("run", "-d", "--name", "onall", "-p", "18470:80", "busybox", "sleep", "30");
        assertThat(any.exitCode()).isNotZero();
        assertThat(any.err()).contains("Bind for 0.0.0.0:18470 failed: port is already allocated");
        ok(d.docker("rm", "-f", "on1"));
        assertThat(BerthdProcess.httpGet("http://127.0.0.2:18470/")).isEqualTo("on2\n");
        assertThat(fetchFails(18470)).isTrue();
    }

    @Test
    void stopThenTheSameHostPort_freeOnceTheStopHasReturned() throws Exception {
        // as dockerd: `docker stop` returns once the run's ports are released, so the next run may take them
        String httpd = "mkdir -p /www && echo $HOSTNAME > /www/index.html && exec busybox httpd -f -p 80 -h /www";
        for (int i = 0; i < 4; i++) {
            ok(d.docker("run", "-d", "--name", "same" + i, "--hostname", "same" + i, "-p", "127.0.0.1:18443:80",
                    "busybox", "sh", "-c", httpd));
            assertThat(fetch(18443)).isEqualTo("same" + i + "\n");
            ok(d.docker("stop", "-t", "1", "same" + i));
        }
        assertThat(fetchFails(18443)).isTrue();
    }

    @Test
    void connect_withAMacAddress_asTheApiTakesIt_keptAcrossARestartOfTheContainer() {
        // the docker CLI has no flag for it; the SDKs send EndpointConfig.MacAddress (docker-py's mac_address)
        ok(d.docker("network", "create", "macnet"));
        ok(d.docker("run", "-d", "--name", "macful", "busybox", "sleep", "300"));
        Result connect = connect("macnet", "{\"Container\":\"macful\",\"EndpointConfig\":{\"MacAddress\":\"02:42:be:47:00:01\"}}");
        assertThat(connect.exitCode()).as(connect.toString()).isZero();
        assertThat(ok(d.docker("exec", "macful", "cat", "/sys/class/net/eth1/address")).out().strip())
                .isEqualTo("02:42:be:47:00:01");
        assertThat(ok(d.docker("inspect", "-f", "{{.NetworkSettings.Networks.macnet.MacAddress}}", "macful")).out().strip())
                .isEqualTo("02:42:be:47:00:01");
        ok(d.docker("restart", "-t", "1", "macful"));
        assertThat(ok(d.docker("exec", "macful", "cat", "/sys/class/net/eth1/address")).out().strip())
                .isEqualTo("02:42:be:47:00:01");
        ok(d.docker("network", "create", "macnet2"));
        assertThat(connect("macnet2", "{\"Container\":\"macful\",\"EndpointConfig\":{\"MacAddress\":\"zz\"}}").out())
                .contains("invalid MAC address");
    }

    private Result connect(String network, String body) {
        return BerthdProcess.run(Duration.ofSeconds(20), "curl", "-s", "--unix-socket", d.socket().toString(), "-XPOST",
                "-H", "Content-Type: application/json", "-d", body, "http://berthd/v1.50/networks/" + network + "/connect");
    }

    @Test
    void attachable_recordedAndShown_asDockerdDoesForALocalNetwork() {
        ok(d.docker("network", "create", "--attachable", "att"));
        ok(d.docker("network", "create", "notatt"));
        assertThat(ok(d.docker("network", "inspect", "-f", "{{.Name}} {{.Attachable}}", "att", "notatt")).out())
                .isEqualTo("att true\nnotatt false\n");
        // any container attaches to either (a local network's attachable is a record, not a gate)
        ok(d.docker("run", "--rm", "--network", "notatt", "busybox", "true"));
        ok(d.docker("run", "--rm", "--network", "att", "busybox", "true"));
    }

    @Test
    void badInput_dockersStatusesAndNothingHalfMade() {
        ok(d.docker("network", "create", "--subnet", "10.217.4.0/24", "one"));
        assertThat(d.docker("network", "create", "--subnet", "10.217.4.0/25", "two").err())
                .contains("Pool overlaps with other one on this address space");
        assertThat(d.docker("network", "create", "--subnet", "10.217.5.0/24", "--gateway", "10.99.0.1", "three").err())
                .contains("10.99.0.1");
        assertThat(d.docker("network", "create", "one").err()).contains("already exists");
        // dockerd's words for subnets that are not prefixes (the docker CLI 28 sends a lone --subnet unchecked)
        assertThat(d.docker("network", "create", "--subnet", "x", "bad").err())
                .isEqualTo("Error response from daemon: invalid network config:\ninvalid subnet x: invalid CIDR block notation\n");
        assertThat(d.docker("network", "create", "--subnet", "10.217.7.0/33", "bad").err())
                .isEqualTo("Error response from daemon: invalid network config:\n"
                        + "invalid subnet 10.217.7.0/33: invalid CIDR block notation\n");
        assertThat(d.docker("run", "--rm", "--network", "nope", "busybox", "true").err()).contains("network nope not found");
        assertThat(d.docker("run", "--rm", "--network", "one", "--ip", "10.9.9.9", "busybox", "true").exitCode())
                .isNotZero();
        assertThat(d.docker("run", "--rm", "--ip", "172.17.0.9", "busybox", "true").err())
                .contains("user specified IP address is supported on user defined networks only");
        assertThat(d.docker("network", "rm", "bridge").err()).contains("pre-defined network");
        assertThat(d.docker("network", "create", "default").err())
                .contains("operation is not permitted on predefined default network");
        assertThat(lines(d.docker("network", "ls", "-q")).size()).isEqualTo(4);
        assertThat(lines(d.docker("ps", "-a", "-q"))).isEmpty();
    }

    @Test
    void defaultAddressPools_aNetworkCreatedWithoutASubnet_takesOneFromThem() throws Exception {
        try (BerthdProcess own = BerthdProcess.start("{\"default-address-pools\": [{\"base\": \"10.218.0.0/16\", \"size\": 24}]}")) {
            ok(own.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
            ok(own.docker("network", "create", "pooled"));
            String subnet = ok(own.docker("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}}{{end}}", "pooled"))
                    .out().strip();
            // the default bridge may hold the pool's first /24 (unless --bip placed it elsewhere): the next is free
            assertThat(subnet).matches("10\\.218\\.[01]\\.0/24");
            String prefix = subnet.substring(0, subnet.lastIndexOf('.') + 1);
            assertThat(ok(own.docker("run", "--rm", "--network", "pooled", "busybox", "busybox", "ip", "-4", "-o", "addr", "show", "eth0"))
                    .out()).contains("inet " + prefix + "2/24");
            ok(own.docker("network", "rm", "pooled"));
            String pools = " Default Address Pools:\n   Base: 10.218.0.0/16, Size: 24\n";
            assertThat(ok(own.docker("info")).out()).contains(pools);
            Result berthInfo = BerthdProcess.run(java.time.Duration.ofSeconds(30),
                    java.nio.file.Path.of("..", "bin", "berth").toAbsolutePath().normalize().toString(), "-H", own.host(), "info");
            assertThat(berthInfo.exitCode()).as(berthInfo.toString()).isZero();
            assertThat(berthInfo.out()).contains(pools);
        }
    }

    @Test
    void restart_afterKill9_runningContainerKeepsItsPort() throws Exception {
        try (BerthdProcess own = BerthdProcess.start()) {
            ok(own.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
            ok(own.docker("run", "-d", "--name", "svc", "-p", "127.0.0.1:18432:80", "busybox", "sh", "-c",
                    "mkdir -p /www && echo still-here > /www/index.html && exec busybox httpd -f -p 80 -h /www"));
            ok(own.docker("run", "-d", "--name", "gone", "-p", "127.0.0.1:18433:80", "busybox", "sleep", "2"));
            assertThat(fetch(18432)).isEqualTo("still-here\n");
            own.kill9();
            BerthdProcess.sleep(3000); // "gone" exits while the daemon is down
            own.restart();
            assertThat(fetch(18432)).isEqualTo("still-here\n");
            BerthdProcess.sleep(1500);
            assertThat(ok(own.docker("inspect", "-f", "{{.State.Status}}", "gone")).out().strip()).isEqualTo("exited");
            assertThat(fetchFails(18433)).isTrue();
            assertThat(ok(own.docker("network", "inspect", "bridge", "-f", "{{len .Containers}}")).out().strip())
                    .isEqualTo("1");
        }
    }

    /**
     * A "client host": a network namespace joined to the host by a veth /30 and given NO route
     * beyond it. A container reaching it proves masquerade (replies can only come back to the
     * host's address); the client reaching a published port on the host's address proves DNAT from
     * outside the host's own stack.
     */
    @Test
    void clientHost_containerGoesOutThroughNat_andClientReachesPublishedPort() throws Exception {
        String tag = Long.toHexString(System.nanoTime() & 0xffffffL);
        String ns = "bc-" + tag;
        String hostEnd = "vh" + tag;
        String clientEnd = "vc" + tag;
        String hostIp = "10.218.77.1";
        String clientIp = "10.218.77.2";
        try {
            sh("ip netns add " + ns);
            sh("ip link add " + hostEnd + " type veth peer name " + clientEnd);
            sh("ip link set " + clientEnd + " netns " + ns);
            sh("ip addr add " + hostIp + "/30 dev " + hostEnd);
            sh("ip link set " + hostEnd + " up");
            sh("ip netns exec " + ns + " ip addr add " + clientIp + "/30 dev " + clientEnd);
            sh("ip netns exec " + ns + " ip link set " + clientEnd + " up");
            sh("ip netns exec " + ns + " ip link set lo up");
            Result ping = ok(d.docker("run", "--rm", "busybox", "busybox", "ping", "-c1", "-W3", clientIp));
            assertThat(ping.out()).contains("1 packets received");

            ok(d.docker("run", "-d", "--name", "pub", "-p", "18434:80", "busybox", "sh", "-c",
                    "mkdir -p /www && echo from-outside > /www/index.html && exec busybox httpd -f -p 80 -h /www"));
            Result fetched = null;
            for (int i = 0; i < 20; i++) {
                fetched = BerthdProcess.run(java.time.Duration.ofSeconds(10), "ip", "netns", "exec", ns,
                        "/bin/busybox", "wget", "-q", "-O", "-", "http://" + hostIp + ":18434/");
                if (fetched.exitCode() == 0) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(fetched.out()).isEqualTo("from-outside\n");
        } finally {
            BerthdProcess.run(java.time.Duration.ofSeconds(10), "ip", "link", "del", hostEnd);
            BerthdProcess.run(java.time.Duration.ofSeconds(10), "ip", "netns", "del", ns);
        }
    }

    private static void sh(String command) {
        Result r = BerthdProcess.run(java.time.Duration.ofSeconds(10), command.split(" "));
        assertThat(r.exitCode()).as(command + ": " + r).isZero();
    }

    private static String fetch(int port) throws Exception {
        return BerthdProcess.httpGet("http://127.0.0.1:" + port + "/");
    }

    private static boolean fetchFails(int port) {
        try {
            var c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(1000);
            c.getInputStream().close();
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("expected success: %s", r).isZero();
        return r;
    }

    private static List<String> lines(Result r) {
        return r.out().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

}
