package dev.berth.driver.dockerplugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.berth.spi.DriverContext;
import dev.berth.spi.EngineException;
import dev.berth.spi.authz.AuthorizationPlugin;
import dev.berth.spi.authz.AuthorizationRequest;
import dev.berth.spi.authz.AuthorizationResponse;
import dev.berth.spi.lookup.DriverLookup;
import dev.berth.spi.network.EndpointSpec;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkSpec;
import dev.berth.spi.volume.VolumeDriver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge against a real plugin process (python, stdlib) on a unix socket in a test-private directory. */
class DockerPluginsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;
    Path sockets;
    Path specs;
    DriverLookup lookup;

    @BeforeEach
    void setUp() {
        sockets = tmp.resolve("run");
        specs = tmp.resolve("etc");
        lookup = new DockerPluginsProvider().create(new DriverContext(tmp, tmp, Map.of(
                DockerPluginsProvider.DIRS, sockets + ":" + specs, DockerPluginsProvider.TIMEOUT, "2")));
    }

    @Test
    void volumeLifecycleGoesToThePlugin() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("vols"));
        try (var p = TestPluginProcess.start(sockets.resolve("dirs.sock"), "volume", root, true)) {
            VolumeDriver d = lookup.volumeDriver("dirs").orElseThrow();
            assertThat(d.name()).isEqualTo("dirs");
            d.create("v1", Map.of("k", "v"));
            assertThat(root.resolve("v1")).isDirectory();
            Path m = d.mount("v1", "c1");
            assertThat(m).isEqualTo(root.resolve("v1"));
            assertThat(d.path("v1")).isEqualTo(root.resolve("v1"));
            assertThat(d.scope()).isEqualTo("local");
            assertThatThrownBy(() -> d.remove("v1")).hasMessage("volume v1 is mounted");
            d.unmount("v1", "c1");
            d.remove("v1");
            assertThat(root.resolve("v1")).doesNotExist();
            assertThatThrownBy(() -> d.create("v2", Map.of("fail", "yes"))).isInstanceOf(EngineException.class)
                    .hasMessage("create refused by the test plugin");
            assertThat(lookup.volumeDriver("dirs").orElseThrow()).isSameAs(d);
            assertThat(Files.readAllLines(root.resolve("requests.log")).stream().filter("Plugin.Activate"::equals))
                    .hasSize(1);
        }
    }

    @Test
    void aMissingPluginIsNotFoundAfterTheBound() {
        long t0 = System.nanoTime();
        assertThat(lookup.volumeDriver("nosuch")).isEmpty();
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(1_000L, 5_000L);
    }

    @Test
    void aSocketThatAppearsWithinTheBoundIsFound() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("vols"));
        // the plugin starts after the lookup does: the lookup waits for it
        var late = new AtomicReference<TestPluginProcess>();
        var started = new Thread(() -> {
            try {
                Thread.sleep(400);
                late.set(TestPluginProcess.start(sockets.resolve("late.sock"), "volume", root, false));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        started.start();
        try {
            assertThat(lookup.volumeDriver("late")).isPresent();
        } finally {
            started.join();
            late.get().close();
        }
    }

    @Test
    void aSpecFileNamesAUnixSocket() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("vols"));
        Path elsewhere = tmp.resolve("elsewhere/x.sock");
        Files.createDirectories(specs);
        Files.writeString(specs.resolve("specd.spec"), "unix://" + elsewhere + "\n");
        try (var p = TestPluginProcess.start(elsewhere, "volume", root, true)) {
            VolumeDriver d = lookup.volumeDriver("specd").orElseThrow();
            d.create("sv", Map.of());
            assertThat(root.resolve("sv")).isDirectory();
        }
    }

    @Test
    void jsonSpecsWithTlsConfig_speakTls_asConfigured() throws Exception {
        Path certs = Files.createDirectories(tmp.resolve("certs"));
        Path other = Files.createDirectories(tmp.resolve("other"));
        Certs.ca(certs);
        Certs.ca(other);
        Certs.sign(certs, "server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        Certs.sign(certs, "client", "/CN=berth", "extendedKeyUsage=clientAuth\n");
        Certs.openssl("rsa", "-in", certs.resolve("client-key.pem").toString(), "-traditional",
                "-out", certs.resolve("client-key-pkcs1.pem").toString());
        assertThat(Files.readString(certs.resolve("client-key-pkcs1.pem"))).contains("BEGIN RSA PRIVATE KEY");
        Path root = Files.createDirectories(tmp.resolve("tlsvols"));
        try (var p = TestPluginProcess.startTls(tmp.resolve("tls-ready"), root, certs.resolve("server-cert.pem"),
                certs.resolve("server-key.pem"), certs.resolve("ca.pem"))) {
            // a cold JVM's first TLS handshakes take seconds on a loaded machine: a wider bound than the 2 s
            lookup = new DockerPluginsProvider().create(new DriverContext(tmp, tmp, Map.of(
                    DockerPluginsProvider.DIRS, sockets + ":" + specs, DockerPluginsProvider.TIMEOUT, "30")));
            String addr = "\"Addr\":\"tcp://127.0.0.1:" + p.port + "\"";
            Files.createDirectories(specs);
            String ca = certs.resolve("ca.pem").toString();
            String cert = certs.resolve("client-cert.pem").toString();
            spec("tls8", addr, "{\"CAFile\":\"" + ca + "\",\"CertFile\":\"" + cert + "\",\"KeyFile\":\""
                    + certs.resolve("client-key.pem") + "\"}");
            lookup.volumeDriver("tls8").orElseThrow().create("over-tls", Map.of());
            assertThat(root.resolve("over-tls")).isDirectory();
            spec("tls1", addr, "{\"CAFile\":\"" + ca + "\",\"CertFile\":\"" + cert + "\",\"KeyFile\":\""
                    + certs.resolve("client-key-pkcs1.pem") + "\"}");
            lookup.volumeDriver("tls1").orElseThrow().create("pkcs1", Map.of());
            assertThat(root.resolve("pkcs1")).isDirectory();
            spec("tlsinsecure", addr, "{\"InsecureSkipVerify\":true,\"CertFile\":\"" + cert + "\",\"KeyFile\":\""
                    + certs.resolve("client-key.pem") + "\"}");
            lookup.volumeDriver("tlsinsecure").orElseThrow().create("insecure", Map.of());
            assertThat(root.resolve("insecure")).isDirectory();

            spec("tlsnocert", addr, "{\"CAFile\":\"" + ca + "\"}");
            assertThatThrownBy(() -> lookup.volumeDriver("tlsnocert")).isInstanceOf(EngineException.class)
                    .hasMessageStartingWith("error looking up volume plugin tlsnocert: Post \"https://plugin/Plugin.Activate\": ");
            spec("tlsotherca", addr, "{\"CAFile\":\"" + other.resolve("ca.pem") + "\",\"CertFile\":\"" + cert
                    + "\",\"KeyFile\":\"" + certs.resolve("client-key.pem") + "\"}");
            assertThatThrownBy(() -> lookup.volumeDriver("tlsotherca")).isInstanceOf(EngineException.class)
                    .hasMessageStartingWith("error looking up volume plugin tlsotherca: Post \"https://plugin/Plugin.Activate\": tls: ");
            spec("tlsnofile", addr, "{\"CAFile\":\"/nonexistent/ca.pem\"}");
            assertThatThrownBy(() -> lookup.volumeDriver("tlsnofile")).isInstanceOf(EngineException.class)
                    .hasMessageEndingWith(": TLSConfig: open /nonexistent/ca.pem: no such file or directory");
            spec("tlsodd", addr, "{\"CAFile\":\"" + ca + "\",\"MinVersion\":\"1.3\"}");
            assertThatThrownBy(() -> lookup.volumeDriver("tlsodd")).isInstanceOf(EngineException.class)
                    .hasMessageEndingWith(": TLSConfig.MinVersion is not supported by Berth yet");
        }
    }

    private void spec(String name, String addr, String tls) throws Exception {
        Files.writeString(specs.resolve(name + ".json"), "{\"Name\":\"" + name + "\"," + addr + ",\"TLSConfig\":" + tls + "}");
    }

    @Test
    void badPluginsFailWithTheirName() throws Exception {
        try (var err = TestPluginProcess.start(sockets.resolve("err.sock"), "err", null, true);
             var h500 = TestPluginProcess.start(sockets.resolve("h500.sock"), "http500", null, true);
             var garbage = TestPluginProcess.start(sockets.resolve("garbage.sock"), "garbage", null, true);
             var slow = TestPluginProcess.start(sockets.resolve("slow.sock"), "slow", null, true);
             var authz = TestPluginProcess.start(sockets.resolve("az.sock"), "authz", null, true)) {
            assertThatThrownBy(() -> lookup.volumeDriver("err").orElseThrow().create("a", Map.of()))
                    .hasMessage("the test plugin refuses");
            assertThatThrownBy(() -> lookup.volumeDriver("h500").orElseThrow().create("a", Map.of()))
                    .hasMessage("plugin h500: VolumeDriver.Create: internal trouble in the test plugin (HTTP 500)");
            assertThatThrownBy(() -> lookup.volumeDriver("garbage").orElseThrow().create("a", Map.of()))
                    .hasMessageStartingWith("plugin garbage: VolumeDriver.Create: malformed JSON in the plugin's answer");
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> lookup.volumeDriver("slow"))
                    .hasMessageStartingWith("error looking up volume plugin slow: Post \"http://plugin/Plugin.Activate\": "
                            + "context deadline exceeded");
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000L);
            assertThatThrownBy(() -> lookup.volumeDriver("az"))
                    .hasMessage("error looking up volume plugin az: " + DockerPlugins.NOT_IMPLEMENTS);
        }
    }

    @Test
    void aStaleSocketIsAClearError() throws Exception {
        Files.createDirectories(sockets);
        Files.writeString(sockets.resolve("stale.sock"), ""); // a file, no listener
        assertThatThrownBy(() -> lookup.volumeDriver("stale"))
                .hasMessageStartingWith("error looking up volume plugin stale: Post \"http://plugin/Plugin.Activate\": dial unix://");
    }

    @Test
    void authorizationAsksThePlugin() throws Exception {
        try (var p = TestPluginProcess.start(sockets.resolve("nopriv.sock"), "authz", null, true)) {
            AuthorizationPlugin a = lookup.authorizationPlugin("nopriv").orElseThrow();
            var privileged = new AuthorizationRequest(null, null, "POST", "/v1.50/containers/create",
                    Map.of("Content-Type", "application/json"),
                    "{\"Image\":\"x\",\"HostConfig\":{\"Privileged\":true}}".getBytes(StandardCharsets.UTF_8));
            assertThat(a.authorizeRequest(privileged))
                    .isEqualTo(AuthorizationPlugin.Decision.denied("privileged containers are not allowed here"));
            var plain = new AuthorizationRequest(null, null, "GET", "/_ping", Map.of(), null);
            assertThat(a.authorizeRequest(plain).allow()).isTrue();
            var secret = new AuthorizationResponse(200, Map.of("Content-Type", "application/json"),
                    "{\"Labels\":{\"x\":\"deny-response-please\"}}".getBytes(StandardCharsets.UTF_8));
            assertThat(a.authorizeResponse(plain, secret))
                    .isEqualTo(AuthorizationPlugin.Decision.denied("the response holds a secret"));
            var fine = new AuthorizationResponse(200, Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(a.authorizeResponse(plain, fine).allow()).isTrue();
        }
    }

    @Test
    void networkCallsCarryTheEnginesDecisions() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("netlog"));
        try (var p = TestPluginProcess.start(sockets.resolve("netp.sock"), "network", root, true)) {
            assertThat(lookup.activeNetworkDrivers()).isEmpty();
            NetworkDriver d = lookup.networkDriver("netp").orElseThrow();
            assertThat(d.name()).isEqualTo("netp");
            assertThat(lookup.activeNetworkDrivers()).containsExactly("netp");
            String id = "ab".repeat(32);
            String cid = "cd".repeat(32);
            d.createNetwork(new NetworkSpec(id, "n1", null, "10.77.3.0/24", "10.77.3.1", null, false, false,
                    Map.of("opt1", "v1"), Map.of("lab1", "l1")));
            JsonNode create = JSON.readTree(root.resolve("NetworkDriver.CreateNetwork.json").toFile());
            assertThat(create.path("NetworkID").asText()).isEqualTo(id);
            assertThat(create.path("IPv4Data").get(0).path("Pool").asText()).isEqualTo("10.77.3.0/24");
            assertThat(create.path("IPv4Data").get(0).path("Gateway").asText()).isEqualTo("10.77.3.1/24");
            JsonNode generic = create.path("Options").path(RemoteNetworkDriver.GENERIC);
            assertThat(generic.path("opt1").asText()).isEqualTo("v1");
            assertThat(generic.path("lab1").asText()).isEqualTo("l1");

            // this plugin's Join names no interface: the endpoint is undone at the plugin, the error names it
            var ep = new EndpointSpec(id, cid, tmp.resolve("nonetns"), "eth0", "10.77.3.2/24", null, "10.77.3.1",
                    List.of(), List.of());
            assertThatThrownBy(() -> d.join(ep)).isInstanceOf(EngineException.class)
                    .hasMessage("network plugin netp: NetworkDriver.Join answered no InterfaceName.SrcName");
            JsonNode endpoint = JSON.readTree(root.resolve("NetworkDriver.CreateEndpoint.json").toFile());
            assertThat(endpoint.path("EndpointID").asText()).isEqualTo(RemoteNetworkDriver.endpointId(id, cid))
                    .hasSize(64);
            assertThat(endpoint.path("Interface").path("Address").asText()).isEqualTo("10.77.3.2/24");
            assertThat(endpoint.path("Interface").path("MacAddress").asText()).isEqualTo("02:42:0a:4d:03:02");
            JsonNode join = JSON.readTree(root.resolve("NetworkDriver.Join.json").toFile());
            assertThat(join.path("SandboxKey").asText()).isEqualTo(tmp.resolve("nonetns").toString());
            d.deleteNetwork(id);
            assertThat(Files.readAllLines(root.resolve("requests.log"))).containsExactly("Plugin.Activate",
                    "NetworkDriver.GetCapabilities", "NetworkDriver.CreateNetwork", "NetworkDriver.CreateEndpoint",
                    "NetworkDriver.Join", "NetworkDriver.Leave", "NetworkDriver.DeleteEndpoint",
                    "NetworkDriver.DeleteNetwork");
        }
    }

    @Test
    void badNetworkPluginsFailWithTheirName() throws Exception {
        try (var err = TestPluginProcess.start(sockets.resolve("nerr.sock"), "err", null, true);
             var garbage = TestPluginProcess.start(sockets.resolve("ngarbage.sock"), "garbage", null, true);
             var vol = TestPluginProcess.start(sockets.resolve("nvol.sock"), "volume", tmp, true)) {
            assertThatThrownBy(() -> lookup.networkDriver("nerr")).isInstanceOf(EngineException.class)
                    .hasMessage("error looking up network plugin nerr: NetworkDriver.GetCapabilities: the test plugin refuses");
            assertThatThrownBy(() -> lookup.networkDriver("ngarbage")).isInstanceOf(EngineException.class)
                    .hasMessageStartingWith("error looking up network plugin ngarbage: NetworkDriver.GetCapabilities: "
                            + "malformed JSON in the plugin's answer");
            assertThatThrownBy(() -> lookup.networkDriver("nvol")).isInstanceOf(EngineException.class)
                    .hasMessage("error looking up network plugin nvol: " + DockerPlugins.NOT_IMPLEMENTS);
            assertThat(lookup.activeNetworkDrivers()).isEmpty();
        }
    }
}
