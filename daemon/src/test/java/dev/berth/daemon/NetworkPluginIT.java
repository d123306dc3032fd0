package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #16 item 4: Docker network plugins ({@code NetworkDriver.*}). The plugin is the stdlib python
 * server of {@code test-plugins/docker-protocol} in mode {@code netveth}: on Join it really makes a veth
 * pair (names starting {@value #PREFIX}, removed by that prefix at the end) whose host end sits on a
 * bridge holding the network's gateway address; berthd moves the other end into the container. The
 * real docker CLI drives berthd.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 600)
class NetworkPluginIT {
    private static final Path SCRIPT = Path.of("../test-plugins/docker-protocol/testplugin.py").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every link the test plugin makes starts with this. */
    private static final String PREFIX = "npi";

    private Path work;
    private Path sockets;
    private Path calls;
    private final List<Process> plugins = new ArrayList<>();
    private BerthdProcess d;

    @BeforeAll
    void start() throws Exception {
        BerthdProcess.requireEnvironment();
        deleteTestLinks();
        work = Files.createTempDirectory("berth-netplug-");
        sockets = Files.createDirectories(work.resolve("run-plugins"));
        calls = Files.createDirectories(work.resolve("calls"));
        plugin("npveth", "netveth", calls, PREFIX);
        plugin("nperr", "err", null, null);
        plugin("npgarbage", "garbage", null, null);
        plugin("npslow", "slow", null, null);
        d = BerthdProcess.start("{\"docker-plugin-dirs\": [\"" + sockets + "\"], \"docker-plugin-timeout\": 3}");
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
    }

    private void plugin(String name, String mode, Path root, String prefix) throws Exception {
        Path socket = sockets.resolve(name + ".sock");
        var cmd = new ArrayList<>(List.of("/usr/bin/python3", SCRIPT.toString(), socket.toString(), mode));
        if (root != null) {
            cmd.add(root.toString());
            cmd.add(prefix);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile()).start();
        plugins.add(p);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(socket)) {
            assertThat(System.nanoTime() < deadline && p.isAlive()).as("plugin " + name + " made its socket").isTrue();
            Thread.sleep(20);
        }
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (d != null) {
            d.close();
        }
        for (Process p : plugins) {
            p.destroy();
            p.waitFor();
        }
        deleteTestLinks();
        if (work != null) {
            BerthdProcess.run(Duration.ofSeconds(30), "rm", "-rf", work.toString());
        }
    }

    @AfterEach
    void removeContainers() {
        if (d != null && d.isAlive()) {
            d.removeAllContainers();
        }
    }

    @Test
    void aPluginNetwork_wiresTheContainer_survivesARestart_andIsUndoneAtThePlugin() throws Exception {
        ok(d.docker("network", "create", "-d", "npveth", "--subnet", "10.231.7.0/24", "-o", "color=blue",
                "--label", "team=x", "pnet"));
        String nid = ok(d.docker("network", "inspect", "-f", "{{.Id}}", "pnet")).out().strip();
        JsonNode create = call("NetworkDriver.CreateNetwork");
        assertThat(create.path("NetworkID").asText()).isEqualTo(nid);
        assertThat(create.path("IPv4Data").get(0).path("Pool").asText()).isEqualTo("10.231.7.0/24");
        assertThat(create.path("IPv4Data").get(0).path("Gateway").asText()).isEqualTo("10.231.7.1/24");
        assertThat(create.path("Options").path("com.docker.network.generic").path("color").asText()).isEqualTo("blue");
        String bridge = PREFIX + "b" + nid.substring(0, 6);
        assertThat(hostLinks()).contains(bridge);
        assertThat(ok(d.docker("network", "ls", "--format", "{{.Name}} {{.Driver}}")).out()).contains("pnet npveth");
        assertThat(ok(d.docker("info", "-f", "{{.Plugins.Network}}")).out()).contains("npveth");

        try (var server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("10.231.7.1"), 0));
            Thread answering = answerEachConnection(server, "hello-from-the-test");
            ok(d.docker("run", "-d", "--name", "pc1", "--network", "pnet", "busybox", "sleep", "600"));
            String ip = ok(d.docker("inspect", "-f", "{{.NetworkSettings.Networks.pnet.IPAddress}}", "pc1")).out().strip();
            assertThat(ip).startsWith("10.231.7.");
            String eid = call("NetworkDriver.CreateEndpoint").path("EndpointID").asText();
            assertThat(call("NetworkDriver.CreateEndpoint").path("Interface").path("Address").asText())
                    .isEqualTo(ip + "/24");
            assertThat(call("NetworkDriver.Join").path("SandboxKey").asText()).isNotEmpty();
            assertThat(hostLinks()).as("the container end left the host").contains(PREFIX + "h" + eid.substring(0, 6))
                    .doesNotContain(PREFIX + "c" + eid.substring(0, 6));
            assertThat(ok(d.docker("exec", "pc1", "busybox", "ip", "-o", "-4", "addr", "show", "eth0")).out())
                    .contains("inet " + ip + "/24");
            assertThat(ok(d.docker("exec", "pc1", "busybox", "ip", "route")).out())
                    .contains("default via 10.231.7.1 dev eth0").contains("10.234.0.0/16 dev eth0");
            assertConnected("pc1", server.getLocalPort());

            d.restart();
            assertThat(ok(d.docker("inspect", "-f", "{{.State.Running}}", "pc1")).out().strip()).isEqualTo("true");
            assertConnected("pc1", server.getLocalPort());
            assertThat(ok(d.docker("run", "--rm", "--network", "pnet", "busybox", "busybox", "nc", "10.231.7.1",
                    String.valueOf(server.getLocalPort()))).out()).contains("hello-from-the-test");

            ok(d.docker("rm", "-f", "pc1"));
            assertThat(lines()).contains("NetworkDriver.Leave", "NetworkDriver.DeleteEndpoint");
            assertThat(hostLinks()).doesNotContain(PREFIX + "h" + eid.substring(0, 6), PREFIX + "c" + eid.substring(0, 6));
            answering.interrupt();
        }
        ok(d.docker("network", "rm", "pnet"));
        assertThat(call("NetworkDriver.DeleteNetwork").path("NetworkID").asText()).isEqualTo(nid);
        assertThat(hostLinks()).doesNotContain(bridge);
    }

    @Test
    void aRunningContainer_connectsToAndDisconnectsFromAPluginNetwork() {
        ok(d.docker("network", "create", "-d", "npveth", "--subnet", "10.231.9.0/24", "pconn"));
        ok(d.docker("run", "-d", "--name", "pc2", "busybox", "sleep", "600"));
        ok(d.docker("network", "connect", "pconn", "pc2"));
        String ip = ok(d.docker("inspect", "-f", "{{.NetworkSettings.Networks.pconn.IPAddress}}", "pc2")).out().strip();
        assertThat(ip).startsWith("10.231.9.");
        assertThat(ok(d.docker("exec", "pc2", "busybox", "ip", "-o", "-4", "addr", "show", "eth1")).out())
                .contains("inet " + ip + "/24");
        assertThat(ok(d.docker("exec", "pc2", "busybox", "ping", "-c1", "-W2", "10.231.9.1")).out())
                .contains("1 packets received");
        ok(d.docker("network", "disconnect", "pconn", "pc2"));
        assertThat(ok(d.docker("exec", "pc2", "busybox", "ip", "-o", "-4", "addr")).out()).doesNotContain("10.231.9.");
        ok(d.docker("rm", "-f", "pc2"));
        ok(d.docker("network", "rm", "pconn"));
        assertThat(hostLinks().stream().filter(l -> l.startsWith(PREFIX + "h") || l.startsWith(PREFIX + "c"))).isEmpty();
    }

    @Test
    void badNetworkPlugins_failNamingThePlugin_leaveNothing_andBerthdKeepsServing() throws IOException {
        Result err = d.docker("network", "create", "-d", "nperr", "bad-err");
        assertThat(err.err()).contains("Error response from daemon: error looking up network plugin nperr: "
                + "NetworkDriver.GetCapabilities: the test plugin refuses");
        Result garbage = d.docker("network", "create", "-d", "npgarbage", "bad-garbage");
        assertThat(garbage.err()).contains("error looking up network plugin npgarbage: NetworkDriver.GetCapabilities: "
                + "malformed JSON");
        Result slow = d.docker("network", "create", "-d", "npslow", "bad-slow");
        assertThat(slow.err()).contains("error looking up network plugin npslow: "
                + "Post \"http://plugin/Plugin.Activate\": context deadline exceeded");
        Result missing = d.docker("network", "create", "-d", "npmissing", "bad-missing");
        assertThat(missing.err()).contains("plugin \"npmissing\" not found");
        Result refused = d.docker("network", "create", "-d", "npveth", "-o", "fail=create", "bad-create");
        assertThat(refused.err()).contains("network plugin npveth: NetworkDriver.CreateNetwork: remote: "
                + "the test plugin refuses to create networks");
        Result ipv6 = d.docker("network", "create", "-d", "npveth", "--ipv6", "bad-ipv6");
        assertThat(ipv6.err()).contains("EnableIPv6 on a network of driver \"npveth\" is not supported by Berth yet");
        Result ipam = d.docker("network", "create", "-d", "npveth", "--ipam-driver", "dhcp", "bad-ipam");
        assertThat(ipam.err()).contains("IPAM.Driver \"dhcp\" is not supported by Berth yet");
        for (Result r : List.of(err, garbage, slow, missing, refused, ipam)) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        }
        assertThat(ok(d.docker("network", "ls", "--format", "{{.Name}}")).out()).doesNotContain("bad-");

        ok(d.docker("network", "create", "-d", "npveth", "--subnet", "10.231.8.0/24", "-o", "fail=join", "pjoin"));
        Result run = d.docker("run", "--name", "pj1", "--network", "pjoin", "busybox", "true");
        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).contains("network plugin npveth: NetworkDriver.Join: remote: the test plugin refuses to join");
        assertThat(ok(d.docker("network", "inspect", "-f", "{{len .Containers}}", "pjoin")).out().strip()).isEqualTo("0");
        assertThat(lines()).contains("NetworkDriver.DeleteEndpoint");
        ok(d.docker("rm", "pj1"));
        ok(d.docker("network", "rm", "pjoin"));
        assertThat(hostLinks().stream().filter(l -> l.startsWith(PREFIX + "h") || l.startsWith(PREFIX + "c"))).isEmpty();
        assertThat(d.isAlive()).isTrue();
        ok(d.docker("version"));
    }

    private void assertConnected(String container, int port) {
        assertThat(ok(d.docker("exec", container, "busybox", "ping", "-c1", "-W2", "10.231.7.1")).out())
                .contains("1 packets received");
        assertThat(ok(d.docker("exec", container, "busybox", "nc", "10.231.7.1", String.valueOf(port))).out())
                .contains("hello-from-the-test");
    }

    private static Thread answerEachConnection(ServerSocket server, String line) {
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return;
                }
            }
        }, "netplug-it-server");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The last request body of this method the plugin got. */
    private JsonNode call(String method) throws IOException {
        return JSON.readTree(calls.resolve(method + ".json").toFile());
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(calls.resolve("requests.log"));
    }

    private static List<String> hostLinks() {
        Result r = BerthdProcess.run(Duration.ofSeconds(10), "ip", "-o", "link", "show");
        List<String> names = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            String[] f = line.split(":\\s+", 3);
            if (f.length > 1) {
                names.add(f[1].split("@")[0]);
            }
        }
        return names;
    }

    private static void deleteTestLinks() {
        for (String name : hostLinks()) {
            if (name.startsWith(PREFIX)) {
                BerthdProcess.run(Duration.ofSeconds(10), "ip", "link", "del", name);
            }
        }
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
