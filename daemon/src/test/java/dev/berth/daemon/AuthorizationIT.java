package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #12 item 4: authorization plugins from a third-party jar ({@code test-plugins/authz-sample})
 * in the plugin directory, enabled by name. {@code no-privileged} refuses privileged creates,
 * {@code exploding} throws on volume creates and refuses {@code /info} to the TLS user {@code mallory}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240)
class AuthorizationIT {
    private Path work;
    private TestCerts certs;
    private BerthdProcess d;

    @BeforeAll
    void start() throws IOException {
        BerthdProcess.requireEnvironment();
        work = Files.createTempDirectory("berth-authz-");
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        SamplePluginJar.writeAuthzTo(plugins.resolve("authz-sample.jar"));
        certs = TestCerts.make(work.resolve("certs"), "mallory");
        d = BerthdProcess.startWithTcp("{\"plugin-dir\": \"" + plugins + "\", \"authorization-plugins\": "
                + "[\"no-privileged\", \"exploding\"], \"tlsverify\": true, \"tlscacert\": \"" + certs.ca()
                + "\", \"tlscert\": \"" + certs.serverCert() + "\", \"tlskey\": \"" + certs.serverKey() + "\"}");
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
    }

    @AfterAll
    void stop() {
        if (d != null) {
            d.close();
        }
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
    void privilegedRun_isDeniedWithThePluginsMessage_andNothingIsCreated_plainRunWorks() {
        Result denied = d.docker("run", "--privileged", "--name", "root-please", "busybox", "true");
        assertThat(denied.exitCode()).as(denied.toString()).isEqualTo(125);
        assertThat(denied.err()).contains("Error response from daemon: authorization denied by plugin "
                + "no-privileged: privileged containers are not allowed here");
        assertThat(ok(d.docker("ps", "-a", "--format", "{{.Names}}")).out()).doesNotContain("root-please");

        assertThat(ok(d.docker("run", "--rm", "busybox", "echo", "allowed")).out().strip()).isEqualTo("allowed");
    }

    @Test
    void aPluginThatThrows_isA500NamingIt_andBerthdKeepsServing() throws IOException {
        Result failed = d.docker("volume", "create", "authz-vol");
        assertThat(failed.exitCode()).as(failed.toString()).isNotZero();
        assertThat(failed.err()).contains("plugin exploding failed with error: policy store unreachable");
        assertThat(ok(d.docker("volume", "ls", "-q")).out()).doesNotContain("authz-vol");
        assertThat(d.isAlive()).isTrue();
        ok(d.docker("ps"));
        assertThat(d.http("GET", "/_ping", null, null, Duration.ofSeconds(5)))
                .as("a raw request too").startsWith("HTTP/1.1 200");
        assertThat(rawCreate()).startsWith("HTTP/1.1 500");
    }

    @Test
    void theTlsClientsCommonName_isTheUserPluginsSee() {
        Result denied = dockerTls("info");
        assertThat(denied.exitCode()).as(denied.toString()).isNotZero();
        assertThat(denied.err()).contains("authorization denied by plugin exploding: mallory may not read info (TLS)");
        ok(dockerTls("ps"));
        // on the unix socket no user is known: the same request is allowed
        ok(d.docker("info"));
    }

    @Test
    void anUnknownPluginName_stopsTheStart_namingIt() {
        assertThatThrownBy(() -> BerthdProcess.start(
                "{\"authorization-plugins\": [\"nosuch\"], \"docker-plugin-timeout\": 1}").close())
                .hasMessageContaining("berthd exited with 1")
                .hasMessageContaining("authorization plugin nosuch not found");
    }

    private String rawCreate() {
        try {
            return d.http("POST", "/v1.50/volumes/create", "application/json", "{\"Name\": \"raw-vol\"}",
                    Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Result dockerTls(String... args) {
        String[] cmd = new String[args.length + 8];
        System.arraycopy(new String[] {"env", "-u", "DOCKER_HOST", "DOCKER_CERT_PATH=" + certs.client(),
                "DOCKER_CONFIG=" + d.dockerConfig(), "docker", "--tlsverify", "-H=tcp://127.0.0.1:" + d.tcpPort()},
                0, cmd, 0, 8);
        System.arraycopy(args, 0, cmd, 8, args.length);
        return BerthdProcess.run(Duration.ofSeconds(30), cmd);
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
