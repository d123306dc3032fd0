package dev.berth.spi.network;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.spi.ContractAssertions;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link NetworkDriver} must do, checked from inside real network namespaces. A driver's
 * IT extends this and says how to make a driver (a fresh instance over the same exec root, for
 * restore), where sandboxes live and which subnets are free. Needs root, {@code nsenter} and
 * {@code busybox} (ping, nc, nslookup).
 *
 * <p>Everything made here is removed by id in {@link #cleanUp()}, also when a test fails.
 */
public abstract class NetworkDriverContract {

    protected NetworkDriver driver;
    protected Sandboxes sandboxes;
    private final List<NetworkDriver> drivers = new ArrayList<>();
    private final List<String> networkIds = new ArrayList<>();
    private final List<String> containerIds = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private int nextSubnet;

    /** A new driver over this test class's exec root. */
    protected abstract NetworkDriver createDriver();

    /** Where this class's namespaces are bind-mounted. */
    protected abstract Path sandboxDir();

    /** The n-th free /24 for this test class, e.g. {@code 10.213.(40+n).0/24}; n from 0 to 9. */
    protected abstract String subnet(int n);

    @BeforeEach
    void setUpDriver() {
        sandboxes = Sandboxes.bindMounted(sandboxDir());
        driver = newDriver();
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(Process::destroyForcibly);
        for (String id : networkIds) {
            try {
                driver.deleteNetwork(id);
            } catch (RuntimeException e) {
                // best effort; the subclass sweeps what is left by name
            }
        }
        for (String id : containerIds) {
            try {
                sandboxes.delete(id);
            } catch (RuntimeException e) {
                // best effort
            }
        }
        drivers.forEach(NetworkDriver::close);
        drivers.clear();
    }

    protected NetworkDriver newDriver() {
        NetworkDriver d = createDriver();
        drivers.add(d);
        return d;
    }

    protected static String randomId() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The networks this test created (for a subclass's own sweep). */
    protected List<String> networkIds() {
        return List.copyOf(networkIds);
    }

    protected List<String> containerIds() {
        return List.copyOf(containerIds);
    }

    protected NetworkSpec network(boolean internal) {
        return network(internal, Map.of());
    }

    protected NetworkSpec network(boolean internal, Map<String, String> options) {
        String id = randomId();
        networkIds.add(id);
        String subnet = subnet(nextSubnet++);
        String gateway = Ipv4Cidr.formatAddress(Ipv4Cidr.parse(subnet).address() + 1);
        return new NetworkSpec(id, "net-" + id.substring(0, 6), null, subnet, gateway, null, internal, false,
                options, Map.of());
    }

    /** A sandbox and an endpoint with the n-th host address of the network (n >= 2). */
    protected EndpointSpec endpoint(NetworkSpec net, int n, List<PortMapping> ports, String... names) {
        String cid = randomId();
        containerIds.add(cid);
        Path ns = sandboxes.create(cid);
        Ipv4Cidr subnet = net.subnetCidr();
        String ip = Ipv4Cidr.formatAddress(subnet.address() + n) + "/" + subnet.prefix();
        List<String> dns = new ArrayList<>(List.of(names));
        dns.add(cid.substring(0, 12));
        return new EndpointSpec(net.id(), cid, ns, "eth0", ip, null, net.gateway(), dns, ports);
    }

    /** Runs a command inside a namespace; returns exit code and output. */
    protected static Result inNetns(Path netns, String... cmd) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + netns));
        full.addAll(List.of(cmd));
        return run(full.toArray(String[]::new));
    }

    protected static Result run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /** One ping, one second: for asserting that something is NOT reachable. */
    protected static boolean ping(Path netns, String ip) {
        return inNetns(netns, "busybox", "ping", "-c1", "-W1", ip).code() == 0;
    }

    /** Up to three pings: a just-created link may drop the very first packet while ARP settles. */
    protected static boolean reachable(Path netns, String ip) {
        for (int i = 0; i < 3; i++) {
            if (ping(netns, ip)) {
                return true;
            }
        }
        return false;
    }

    /** Starts a TCP echo server on port 80 inside the namespace (killed by pid after the test). */
    protected Process echoServer(Path netns, int port) throws Exception {
        Process p = new ProcessBuilder("nsenter", "--net=" + netns, "busybox", "nc", "-ll", "-p", String.valueOf(port),
                "-e", "cat").redirectErrorStream(true).start();
        processes.add(p);
        for (int i = 0; i < 50; i++) {
            if (inNetns(netns, "busybox", "netstat", "-ltn").out().contains(":" + port + " ")) {
                return p;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("echo server did not listen");
    }

    /** Connects, writes a line, reads it back. */
    protected static String echo(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 3_000);
            s.setSoTimeout(3_000);
            OutputStream out = s.getOutputStream();
            out.write("ping-berth\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[11];
            int n = 0;
            while (n < buf.length) {
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return new String(buf, 0, n, StandardCharsets.UTF_8).strip();
        }
    }

    protected static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The output of {@code nslookup NAME SERVER} inside the namespace. */
    protected static Result lookup(Path netns, String name, String server) {
        return inNetns(netns, "busybox", "nslookup", "-type=a", name, server);
    }

    public record Result(int code, String out) {
    }

    // ---- the contract ----

    @Test
    void createNetwork_twice_isIdempotent() {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        driver.createNetwork(net);
        EndpointSpec a = endpoint(net, 2, List.of());
        driver.join(a);
        assertTrue(reachable(a.netnsPath(), net.gateway()));
    }

    @Test
    void deleteNetwork_unknownOrTwice_isNoError() {
        driver.deleteNetwork(randomId());
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        driver.deleteNetwork(net.id());
        driver.deleteNetwork(net.id());
    }

    @Test
    void join_twoEndpoints_reachGatewayAndEachOther() {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        EndpointSpec a = endpoint(net, 2, List.of());
        EndpointSpec b = endpoint(net, 3, List.of());
        NetworkDriver.Endpoint ea = driver.join(a);
        driver.join(b);
        assertEquals("eth0", ea.interfaceName());
        assertEquals(a.mac(), ea.mac());
        Result link = inNetns(a.netnsPath(), "ip", "-o", "addr", "show", "dev", "eth0");
        ContractAssertions.assertContains(link.out(), a.ipv4());
        ContractAssertions.assertContains(inNetns(a.netnsPath(), "ip", "link", "show", "eth0").out(), a.mac());
        ContractAssertions.assertContains(inNetns(a.netnsPath(), "ip", "route").out(), "default via " + net.gateway());
        ContractAssertions.assertContains(inNetns(a.netnsPath(), "ip", "link", "show", "lo").out(), "UP");
        assertTrue(reachable(a.netnsPath(), net.gateway()));
        assertTrue(reachable(a.netnsPath(), b.ip()));
        assertTrue(reachable(b.netnsPath(), a.ip()));
    }

    @Test
    void join_sameSpecTwice_changesNothing_leaveTwice_isNoError() {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        EndpointSpec a = endpoint(net, 2, List.of());
        NetworkDriver.Endpoint first = driver.join(a);
        NetworkDriver.Endpoint second = driver.join(a);
        assertEquals(first, second);
        assertTrue(reachable(a.netnsPath(), net.gateway()));
        driver.leave(a);
        driver.leave(a);
        assertNotEquals(0, inNetns(a.netnsPath(), "ip", "link", "show", "eth0").code());
    }

    @Test
    void join_unknownNetwork_isNotFound() {
        NetworkSpec net = network(false);
        EndpointSpec a = endpoint(net, 2, List.of());
        {
            EngineException thrown = assertThrows(EngineException.class, () -> driver.join(a));
            assertEquals(ErrorKind.NOT_FOUND, thrown.kind());
        }
    }

    @Test
    void twoUserNetworks_areIsolated() {
        NetworkSpec n1 = network(false);
        NetworkSpec n2 = network(false);
        driver.createNetwork(n1);
        driver.createNetwork(n2);
        EndpointSpec a = endpoint(n1, 2, List.of());
        EndpointSpec b = endpoint(n2, 2, List.of());
        driver.join(a);
        driver.join(b);
        assertTrue(reachable(a.netnsPath(), n1.gateway()));
        assertTrue(reachable(b.netnsPath(), n2.gateway()));
        assertFalse(ping(a.netnsPath(), b.ip()));
        assertFalse(ping(b.netnsPath(), a.ip()));
    }

    @Test
    void internalNetwork_hasNoDefaultRoute_andReachesOnlyItsOwn() {
        NetworkSpec internal = network(true);
        NetworkSpec other = network(false);
        driver.createNetwork(internal);
        driver.createNetwork(other);
        EndpointSpec a = endpoint(internal, 2, List.of());
        EndpointSpec b = endpoint(internal, 3, List.of());
        EndpointSpec c = endpoint(other, 2, List.of());
        driver.join(a);
        driver.join(b);
        driver.join(c);
        ContractAssertions.assertNotContains(inNetns(a.netnsPath(), "ip", "route").out(), "default");
        assertTrue(reachable(a.netnsPath(), b.ip()));
        assertFalse(ping(c.netnsPath(), a.ip()));
    }

    @Test
    void publishedPort_reachableFromHostLoopback_andGoneAfterLeave() throws Exception {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        int hostPort = freePort();
        EndpointSpec a = endpoint(net, 2, List.of(PortMapping.tcp(hostPort, 80)));
        driver.join(a);
        echoServer(a.netnsPath(), 80);
        assertEquals("ping-berth", echo("127.0.0.1", hostPort));
        driver.leave(a);
        assertThrows(IOException.class, () -> echo("127.0.0.1", hostPort));
    }

    @Test
    void publishedPort_alreadyPublished_isConflictWithDockersMessage() throws Exception {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        int hostPort = freePort();
        driver.join(endpoint(net, 2, List.of(PortMapping.tcp(hostPort, 80))));
        EndpointSpec b = endpoint(net, 3, List.of(PortMapping.tcp(hostPort, 81)));
        {
            EngineException thrown = assertThrows(EngineException.class, () -> driver.join(b));
            assertEquals("Bind for 0.0.0.0:" + hostPort + " failed: port is already allocated", thrown.getMessage());
            assertEquals(ErrorKind.CONFLICT, thrown.kind());
        }
        assertNotEquals(0, inNetns(b.netnsPath(), "ip", "link", "show", "eth0").code());
    }

    @Test
    void dns_userNetwork_resolvesRegisteredNamesAndShortId() {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        EndpointSpec a = endpoint(net, 2, List.of(), "web", "frontend");
        EndpointSpec b = endpoint(net, 3, List.of(), "client");
        driver.join(a);
        driver.join(b);
        ContractAssertions.assertContains(lookup(b.netnsPath(), "web", net.gateway()).out(), a.ip());
        ContractAssertions.assertContains(lookup(b.netnsPath(), "FrontEnd", net.gateway()).out(), a.ip());
        ContractAssertions.assertContains(lookup(b.netnsPath(), a.containerId().substring(0, 12), net.gateway()).out(),
                a.ip());
        driver.updateNames(net.id(), a.containerId(), List.of("renamed"));
        ContractAssertions.assertContains(lookup(b.netnsPath(), "renamed", net.gateway()).out(), a.ip());
        driver.leave(a);
        ContractAssertions.assertNotContains(lookup(b.netnsPath(), "renamed", net.gateway()).out(), a.ip());
    }

    @Test
    void restore_dropsWhatIsNotListed_keepsWhatIs() {
        NetworkSpec kept = network(false);
        NetworkSpec gone = network(false);
        driver.createNetwork(kept);
        driver.createNetwork(gone);
        EndpointSpec a = endpoint(kept, 2, List.of(), "alpha");
        EndpointSpec stale = endpoint(kept, 3, List.of());
        EndpointSpec b = endpoint(gone, 2, List.of());
        driver.join(a);
        driver.join(stale);
        driver.join(b);
        driver.close();

        driver = newDriver();
        List<EndpointSpec> lost = driver.restore(List.of(kept), List.of(a));
        assertTrue(lost.isEmpty());
        assertTrue(reachable(a.netnsPath(), kept.gateway()));
        assertNotEquals(0, inNetns(stale.netnsPath(), "ip", "link", "show", "eth0").code());
        assertFalse(ping(b.netnsPath(), gone.gateway()));
        ContractAssertions.assertContains(lookup(a.netnsPath(), "alpha", kept.gateway()).out(), a.ip());
    }

    @Test
    void restore_endpointWhoseNetnsIsGone_isReported() {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        EndpointSpec a = endpoint(net, 2, List.of());
        driver.join(a);
        sandboxes.delete(a.containerId());
        driver.close();
        driver = newDriver();
        assertEquals(List.of(a), driver.restore(List.of(net), List.of(a)));
    }

    @Test
    void deleteNetwork_withEndpoints_leavesNothingReachable() {
        NetworkSpec net = network(false);
        driver.createNetwork(net);
        EndpointSpec a = endpoint(net, 2, List.of());
        driver.join(a);
        driver.deleteNetwork(net.id());
        assertNotEquals(0, inNetns(a.netnsPath(), "ip", "link", "show", "eth0").code());
    }
}
