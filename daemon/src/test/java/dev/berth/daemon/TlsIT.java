package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #12 item 4: the TCP API with {@code tlsverify} is mutual TLS. The docker CLI with
 * {@code --tlsverify} and DOCKER_CERT_PATH works; without a client certificate, or with one from
 * another CA, the handshake fails; plain HTTP to the TLS port gets Go's "Client sent an HTTP request
 * to an HTTPS server." Certificates are made here with openssl.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180)
class TlsIT {
    private Path work;
    private TestCerts certs;
    private TestCerts stranger;
    private BerthdProcess d;

    @BeforeAll
    void start() throws IOException {
        BerthdProcess.requireEnvironment();
        work = Files.createTempDirectory("berth-tls-");
        certs = TestCerts.make(work.resolve("ours"), "alice");
        stranger = TestCerts.make(work.resolve("theirs"), "mallory");
        d = BerthdProcess.startWithTcp("{\"tlsverify\": true, \"tlscacert\": \"" + certs.ca() + "\", \"tlscert\": \""
                + certs.serverCert() + "\", \"tlskey\": \"" + certs.serverKey() + "\"}");
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

    @Test
    void dockerCli_withTlsverifyAndItsCertPath_isServed() throws IOException {
        Result version = docker(certs.client(), "--tlsverify", "version", "--format", "{{.Server.Version}}");
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.out().strip()).isNotEmpty();
        Result ps = docker(certs.client(), "--tlsverify", "ps");
        assertThat(ps.exitCode()).as(ps.toString()).isZero();
        assertThat(ps.out()).startsWith("CONTAINER ID");
        assertThat(d.log()).contains("API listening on tcp://127.0.0.1:" + d.tcpPort() + " (TLS)");
    }

    /** Issue 15 item 1: an event a TLS client caused names the certificate's CN and the client's address. */
    @Test
    void events_sayWhoAsked_theCertificatesCommonNameAndTheRemoteAddress() throws IOException {
        Result create = docker(certs.client(), "--tlsverify", "volume", "create", "tls-who-v1");
        assertThat(create.exitCode()).as(create.toString()).isZero();
        try {
            BerthdProcess.sleep(1100); // the CLI sends --until 0s in whole seconds
            Result events = docker(certs.client(), "--tlsverify", "events", "--since", "0", "--until", "0s",
                    "--filter", "volume=tls-who-v1", "--format", "{{json .Actor.Attributes}}");
            assertThat(events.exitCode()).as(events.toString()).isZero();
            JsonNode attrs = new ObjectMapper().readTree(events.out().strip());
            assertThat(attrs.path("berth.user").asText()).isEqualTo("alice");
            assertThat(attrs.path("berth.remote").asText()).startsWith("127.0.0.1:");
            assertThat(attrs.path("berth.ua").asText()).startsWith("Docker-Client/");
            assertThat(attrs.has("berth.uid")).as("no unix peer over TCP").isFalse();
        } finally {
            docker(certs.client(), "--tlsverify", "volume", "rm", "tls-who-v1");
        }
    }

    @Test
    void clientCertificateOfAnotherCa_isRefused() throws IOException {
        Result r = docker(certs.clientWith(stranger, "mixed"), "--tlsverify", "ps");
        assertThat(r.exitCode()).as(r.toString()).isNotZero();
        assertThat(r.err()).containsPattern("tls: (bad certificate|unknown certificate|certificate required)");
    }

    @Test
    void noClientCertificate_isRefused() {
        Result r = BerthdProcess.run(Duration.ofSeconds(30), "curl", "-sS", "--cacert", certs.ca().toString(),
                "https://127.0.0.1:" + d.tcpPort() + "/_ping");
        assertThat(r.exitCode()).as(r.toString()).isNotZero();
        assertThat(r.out()).doesNotContain("OK");
        Result withCert = BerthdProcess.run(Duration.ofSeconds(30), "curl", "-sS", "--cacert",
                certs.ca().toString(), "--cert", certs.client().resolve("cert.pem").toString(), "--key",
                certs.client().resolve("key.pem").toString(), "https://127.0.0.1:" + d.tcpPort() + "/_ping");
        assertThat(withCert.exitCode()).as(withCert.toString()).isZero();
        assertThat(withCert.out()).isEqualTo("OK");
    }

    @Test
    void plainHttp_toTheTlsPort_isAnsweredAsGoDoes_neverServed() {
        Result r = BerthdProcess.run(Duration.ofSeconds(30), "curl", "-sS", "-i", "--http1.1",
                "http://127.0.0.1:" + d.tcpPort() + "/_ping");
        assertThat(r.out()).startsWith("HTTP/1.0 400 Bad Request")
                .contains("Client sent an HTTP request to an HTTPS server.")
                .doesNotContain("OK");
        Result cli = docker(null, "ps");
        assertThat(cli.exitCode()).as(cli.toString()).isNotZero();
        assertThat(cli.err()).contains("Client sent an HTTP request to an HTTPS server.");
    }

    /** The docker CLI against the TLS port, with DOCKER_CERT_PATH = {@code certPath} (null: none). */
    private Result docker(Path certPath, String... args) {
        List<String> cmd = new ArrayList<>(List.of("env", "-u", "DOCKER_HOST", "-u", "DOCKER_TLS_VERIFY",
                "DOCKER_CONFIG=" + d.dockerConfig()));
        if (certPath != null) {
            cmd.add("DOCKER_CERT_PATH=" + certPath);
        }
        cmd.addAll(List.of("docker", "-H", "tcp://127.0.0.1:" + d.tcpPort()));
        cmd.addAll(List.of(args));
        return BerthdProcess.run(Duration.ofSeconds(30), cmd.toArray(String[]::new));
    }
}
