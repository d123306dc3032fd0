package dev.berth.driver.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.spi.DriverContext;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.network.EndpointSpec;
import dev.berth.spi.network.Ipv4Cidr;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkDriverContract;
import dev.berth.spi.network.NetworkSpec;
import dev.berth.spi.network.PortMapping;
import dev.berth.spi.network.Sandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The network contract, plus what is bridge-specific (our chains, the client-host netns, hairpin,
 * DNS forwarding, restore of rules), against the real kernel. Needs root, ip, iptables, nsenter,
 * busybox; fails otherwise. Subnets 10.213.40-49.0/24 and 10.213.250.0/30.
 */
class BridgeNetworkDriverIT extends NetworkDriverContract {

    private static Path base;
    private static FakeUpstream upstream;
    private static ChainNames names;

    @BeforeAll
    static void setUpHost() throws Exception {
        assertTrue(BridgeNetworkProvider.unavailableReason() == null,
                "needs root, ip, iptables, nsenter: " + BridgeNetworkProvider.unavailableReason());
        assertTrue(Commands.find("busybox").isPresent(), "needs busybox (scripts/install-deps)");
        base = Files.createTempDirectory(Path.of("/tmp"), "bn");
        upstream = new FakeUpstream(Map.of("upstream.test", "192.0.2.7"));
        names = ChainNames.forExecRoot(base.resolve("exec"));
    }

    @AfterAll
    static void sweep() throws Exception {
        if (base == null) {
            return;
        }
        upstream.close();
        // whatever a failed test left: our bridges (by alias), the client link, chains and jumps by name
        Links.ownedBridges(names).values().forEach(br -> {
            Links.ports(br).forEach(Links::delete);
            Links.delete(br);
        });
        Links.delete(CLIENT_VETH);
        Iptables ipt = new Iptables(names);
        ipt.sync(Set.of());
        ipt.removeBaseIfEmpty();
        Path netns = base.resolve("netns");
        if (Files.isDirectory(netns)) {
            Sandboxes s = Sandboxes.bindMounted(netns);
            try (var files = Files.list(netns)) {
                files.forEach(f -> s.delete(f.getFileName().toString()));
            }
        }
        try (var walk = Files.walk(base)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static final String CLIENT_VETH = "bncl" + Long.toHexString(ProcessHandle.current().pid());

    @Override
    protected NetworkDriver createDriver() {
        return new BridgeNetworkProvider().create(new DriverContext(base.resolve("data"), base.resolve("exec"),
                Map.of(Upstreams.OPTION, "127.0.0.1:" + upstream.port())));
    }

    @Override
    protected Path sandboxDir() {
        return base.resolve("netns");
    }

    @Override
    protected String subnet(int n) {
        return "10.213." + (40 + n) + ".0/24";
    }

    private BridgeNetworkDriver bridge() {
        return (BridgeNetworkDriver) driver;
    }

    @Test
    void chains_afterJoin_holdExactlyTheGeneratedRules_inIptablesOwnForm() {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        EndpointSpec a = endpoint(net, 2, List.of(PortMapping.tcp(18080, 80)));
        driver.join(a);
        Rules rules = new Rules(names);
        Set<Rule> expected = new LinkedHashSet<>(rules.network(net));
        expected.addAll(rules.endpoint(net, a));
        assertThat(new Iptables(names).current()).containsExactlyInAnyOrderElementsOf(expected);
        String forward = run("iptables", "-w", "-S", "FORWARD").out();
        assertThat(forward.indexOf("-j " + names.isolation())).isLessThan(forward.indexOf("-j " + names.forward()));
        assertThat(Links.alias(net.bridgeName())).isEqualTo(names.bridgeAlias(net.id()));
    }

    @Test
    void publishedPort_reachableFromClientHostNetns_onHostAddress() throws Exception {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        int hostPort = freePort();
        EndpointSpec a = endpoint(net, 2, List.of(PortMapping.tcp(hostPort, 80)));
        driver.join(a);
        echoServer(a.netnsPath(), 80);
        Path client = sandboxes.create("client-" + CLIENT_VETH);
        try {
            run("ip", "link", "add", CLIENT_VETH, "type", "veth", "peer", "name", "eth0", "netns", client.toString());
            run("ip", "addr", "add", "10.213.250.1/30", "dev", CLIENT_VETH);
            run("ip", "link", "set", CLIENT_VETH, "up");
            inNetns(client, "ip", "addr", "add", "10.213.250.2/30", "dev", "eth0");
            inNetns(client, "ip", "link", "set", "eth0", "up");
            inNetns(client, "ip", "link", "set", "lo", "up");
            Result r = inNetns(client, "sh", "-c", "echo via-host | busybox nc -w 3 10.213.250.1 " + hostPort);
            assertThat(r.out()).contains("via-host");
        } finally {
            Links.delete(CLIENT_VETH);
            sandboxes.delete("client-" + CLIENT_VETH);
        }
    }

    @Test
    void hairpin_containerReachesItsOwnPublishedPort() throws Exception {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        int hostPort = freePort();
        EndpointSpec a = endpoint(net, 2, List.of(PortMapping.tcp(hostPort, 80)));
        driver.join(a);
        echoServer(a.netnsPath(), 80);
        Result r = inNetns(a.netnsPath(), "sh", "-c", "echo hairpin | busybox nc -w 3 " + net.gateway() + " " + hostPort);
        assertThat(r.out()).contains("hairpin");
    }

    /** The veth work runs outside the driver's lock: parallel joins must still end exactly wired. */
    @Test
    void parallelJoins_oneNetwork_allWiredWithExactRules_sameHostPortWonByOne() throws Exception {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        int hostPort = freePort();
        List<EndpointSpec> eps = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // the first two ask for the same host port
            eps.add(endpoint(net, 2 + i, i < 2 ? List.of(PortMapping.tcp(hostPort, 80)) : List.of()));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(eps.size());
        List<java.util.concurrent.Future<?>> joins = new java.util.ArrayList<>();
        try {
            var go = new java.util.concurrent.CountDownLatch(1);
            for (EndpointSpec ep : eps) {
                joins.add(pool.submit(() -> {
                    go.await();
                    return driver.join(ep);
                }));
            }
            go.countDown();
            List<EndpointSpec> joined = new java.util.ArrayList<>();
            int refused = 0;
            for (int i = 0; i < eps.size(); i++) {
                try {
                    joins.get(i).get(60, java.util.concurrent.TimeUnit.SECONDS);
                    joined.add(eps.get(i));
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).hasMessage("Bind for 0.0.0.0:" + hostPort + " failed: port is already allocated");
                    refused++;
                }
            }
            assertThat(refused).isEqualTo(1);
            assertThat(joined).hasSize(eps.size() - 1);
            Rules rules = new Rules(names);
            Set<Rule> expected = new LinkedHashSet<>(rules.network(net));
            joined.forEach(ep -> expected.addAll(rules.endpoint(net, ep)));
            assertThat(new Iptables(names).current()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(Links.ports(net.bridgeName())).hasSize(joined.size());
            for (EndpointSpec ep : joined) {
                assertThat(reachable(ep.netnsPath(), net.gateway())).as(ep.containerId()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void publishedPort_heldByHostProcess_isConflict() throws Exception {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            EndpointSpec a = endpoint(net, 2, List.of(PortMapping.tcp(taken.getLocalPort(), 80)));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> driver.join(a))
                    .hasMessage("Bind for 0.0.0.0:" + taken.getLocalPort() + " failed: port is already allocated");
        }
    }

    @Test
    void dns_unknownNames_forwardedAndNxdomainRelayed_internalDoesNotForward() {
        NetworkSpec net = network(false);
        NetworkSpec internal = network(true);
        driver.createNetwork(net);
        driver.createNetwork(internal);
        EndpointSpec a = endpoint(net, 2, List.of());
        EndpointSpec b = endpoint(internal, 2, List.of(), "inside");
        driver.join(a);
        driver.join(b);
        assertThat(lookup(a.netnsPath(), "upstream.test", net.gateway()).out()).contains("192.0.2.7");
        assertThat(lookup(a.netnsPath(), "missing.test", net.gateway()).out()).contains("NXDOMAIN");
        assertThat(lookup(b.netnsPath(), "inside", internal.gateway()).out()).contains(b.ip());
        assertThat(lookup(b.netnsPath(), "upstream.test", internal.gateway()).out()).contains("NXDOMAIN");
    }

    @Test
    void defaultBridge_hasNoEmbeddedDns() {
        String id = randomId();
        NetworkSpec net = new NetworkSpec(id, "bridge", "bnd" + id.substring(0, 8), subnet(0), "10.213.40.1", null,
                false, true, Map.of(), Map.of());
        try {
            driver.createNetwork(net);
            EndpointSpec a = endpoint(net, 2, List.of(), "web");
            driver.join(a);
            assertThat(reachable(a.netnsPath(), net.gateway())).isTrue();
            assertThat(lookup(a.netnsPath(), "web", net.gateway()).out()).doesNotContain(a.ip());
        } finally {
            driver.deleteNetwork(id);
        }
    }

    @Test
    void restore_removesStaleRulesAndReaddsMissingOnes() {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        EndpointSpec a = endpoint(net, 2, List.of(PortMapping.tcp(18081, 80)));
        driver.join(a);
        Rules rules = new Rules(names);
        Rule dnat = rules.endpoint(net, a).iterator().next();
        run("iptables", "-w", "-t", "nat", "-D", dnat.chain(), "-p", "tcp", "-m", "tcp", "--dport", "18081", "-j", "DNAT",
                "--to-destination", a.ip() + ":80");
        run("iptables", "-w", "-A", names.forward(), "-i", "bnstale0", "-j", "ACCEPT");
        assertThat(new Iptables(names).current()).doesNotContain(dnat);
        driver.close();

        driver = newDriver();
        driver.restore(List.of(net), List.of(a));
        Set<Rule> expected = new LinkedHashSet<>(rules.network(net));
        expected.addAll(rules.endpoint(net, a));
        assertThat(new Iptables(names).current()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void restore_afterDeletedBridge_recreatesItAndRewiresEndpoint() {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        EndpointSpec a = endpoint(net, 2, List.of());
        driver.join(a);
        run("ip", "link", "del", net.bridgeName());
        driver.close();
        driver = newDriver();
        driver.restore(List.of(net), List.of(a));
        assertThat(reachable(a.netnsPath(), net.gateway())).isTrue();
    }

    @Test
    void bridgeMac_setAtCreation_keptAsPortsComeAndGo_andPinnedOnAnEarlierBuildsBridge() throws Exception {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        Path device = Path.of("/sys/class/net", net.bridgeName());
        String mac = Files.readString(device.resolve("address")).strip();
        assertThat(Files.readString(device.resolve("addr_assign_type")).strip()).isEqualTo("3");
        assertThat(Integer.parseInt(mac.substring(0, 2), 16) & 0x03).as("unicast, locally administered").isEqualTo(2);
        EndpointSpec a = endpoint(net, 2, List.of());
        EndpointSpec b = endpoint(net, 3, List.of());
        driver.join(a);
        driver.join(b);
        driver.leave(a);
        assertThat(Files.readString(device.resolve("address")).strip()).isEqualTo(mac);
        assertThat(reachable(b.netnsPath(), net.gateway())).isTrue();
        driver.leave(b);
        driver.close();

        // an earlier build's bridge: the kernel's MAC (taken from its port), which the restore pins as it is
        run("ip", "link", "del", net.bridgeName());
        run("ip", "link", "add", net.bridgeName(), "type", "bridge");
        run("ip", "link", "set", net.bridgeName(), "alias", names.bridgeAlias(net.id()));
        assertThat(Files.readString(device.resolve("addr_assign_type")).strip()).isNotEqualTo("3");
        String kernels = Files.readString(device.resolve("address")).strip();
        driver = newDriver();
        driver.restore(List.of(net), List.of());
        assertThat(Files.readString(device.resolve("addr_assign_type")).strip()).isEqualTo("3");
        assertThat(Files.readString(device.resolve("address")).strip()).isEqualTo(kernels);
    }

    @Test
    void deleteNetwork_last_leavesNoBridgeChainOrJump() {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        EndpointSpec a = endpoint(net, 2, List.of(PortMapping.tcp(18082, 80)));
        driver.join(a);
        driver.deleteNetwork(net.id());
        assertThat(Links.exists(net.bridgeName())).isFalse();
        assertThat(Links.exists(names.hostVeth(net.id(), a.containerId()))).isFalse();
        for (Rule.Chain c : names.chains()) {
            assertThat(run("iptables", "-w", "-t", c.table(), "-S", c.name()).code()).as(c.name()).isNotZero();
        }
        String all = run("iptables", "-w", "-S").out() + run("iptables", "-w", "-t", "nat", "-S").out();
        assertThat(all).doesNotContain("BERTH-" + names.suffix());
    }

    @Test
    void checkDeviceAvailable_absentOrOwn_passes_anotherDaemonsOrAForeignBridge_isConflict() {
        NetworkSpec net = network(false);
        driver.checkDeviceAvailable(net);
        driver.createNetwork(net);
        driver.checkDeviceAvailable(net);
        // another berthd (another exec root) whose journal names the same device for its own network
        NetworkSpec same = new NetworkSpec(randomId(), "bridge", net.bridgeName(), subnet(9),
                Ipv4Cidr.formatAddress(Ipv4Cidr.parse(subnet(9)).address() + 1), null, false, true, Map.of(), Map.of());
        NetworkDriver other = new BridgeNetworkProvider().create(new DriverContext(base.resolve("data2"),
                base.resolve("exec2"), Map.of()));
        try {
            assertThatThrownBy(() -> other.checkDeviceAvailable(same))
                    .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                    .hasMessage("bridge " + net.bridgeName() + " belongs to another berthd (its alias is "
                            + names.bridgeAlias(net.id()) + "); two daemons cannot share a bridge");
        } finally {
            other.close();
        }
        // a bridge someone else made (dockerd's docker0, say): no berth alias
        String foreign = "bnf" + Long.toHexString(ProcessHandle.current().pid());
        assertThat(run("ip", "link", "add", foreign, "type", "bridge").code()).isZero();
        try {
            NetworkSpec onForeign = new NetworkSpec(randomId(), "x", foreign, subnet(8),
                    Ipv4Cidr.formatAddress(Ipv4Cidr.parse(subnet(8)).address() + 1), null, false, false, Map.of(), Map.of());
            assertThatThrownBy(() -> driver.checkDeviceAvailable(onForeign))
                    .hasMessage("bridge name " + foreign + " is already in use by a bridge this daemon did not create");
        } finally {
            Links.delete(foreign);
        }
        assertThat(Links.exists(net.bridgeName())).as("the check changes nothing").isTrue();
    }

    @Test
    void deleteNetwork_byAnotherDriverInstance_findsBridgeByAlias() {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        driver.close();
        driver = newDriver();
        driver.deleteNetwork(net.id());
        assertThat(Links.exists(net.bridgeName())).isFalse();
        assertThat(new Iptables(names).current()).isEmpty();
    }
}
