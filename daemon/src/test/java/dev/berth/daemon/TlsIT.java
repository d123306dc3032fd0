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

    /**
     * Go's {@code tls.Conn.CloseWrite} (the docker CLI's, after stdin ends) sends TLS's close_notify and keeps the
     * TCP connection open: the container must see its stdin end, and its output must still come back.
     */
    @Test
    void dockerCli_runInteractive_stdinEndsWithCloseNotify_andTheOutputComesBack() throws IOException {
        importBusybox();
        Result r = shell("printf 'one\\ntwo\\n' | " + dockerLine(certs.client()) + " --tlsverify run -i --rm busybox "
                + "sh -c 'cat; echo done'");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("one\ntwo\ndone\n");
    }

    /** The berth CLI speaks TLS as the docker CLI does: DOCKER_CERT_PATH's files, or the flags naming others. */
    @Test
    void berthCli_withTlsverify_isServed_throughTheCertPathOrTheFlags() throws IOException {
        importBusybox();
        Result version = berth(certs.client(), "--tlsverify", "version", "--format", "{{.Server.Version}}");
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.out().strip()).isNotEmpty();
        Result ps = berth(certs.client(), "--tlsverify", "ps", "-a");
        assertThat(ps.exitCode()).as(ps.toString()).isZero();
        assertThat(ps.out()).startsWith("CONTAINER ID");
        // an attached run: the request hijacks the TLS connection; stdin's end reaches the container
        Result run = shell("printf 'in\\n' | " + berthLine(certs.client()) + " --tlsverify run -i --rm busybox "
                + "sh -c 'cat; echo out'");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("in\nout\n");

        // the flags instead of a cert path, with the key as openssl 1 wrote it (PKCS#1), and the events name us
        Path pkcs1 = work.resolve("client-pkcs1.pem");
        Result convert = BerthdProcess.run(Duration.ofSeconds(30), "openssl", "rsa", "-in",
                certs.client().resolve("key.pem").toString(), "-traditional", "-out", pkcs1.toString());
        assertThat(convert.exitCode()).as(convert.toString()).isZero();
        assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        Result flags = berth(null, "--tlsverify", "--tlscacert", certs.ca().toString(), "--tlscert",
                certs.client().resolve("cert.pem").toString(), "--tlskey", pkcs1.toString(),
                "volume", "create", "tls-berth-v1");
        assertThat(flags.exitCode()).as(flags.toString()).isZero();
        try {
            BerthdProcess.sleep(1100);
            Result events = docker(certs.client(), "--tlsverify", "events", "--since", "0", "--until", "0s",
                    "--filter", "volume=tls-berth-v1", "--format", "{{json .Actor.Attributes}}");
            assertThat(events.exitCode()).as(events.toString()).isZero();
            JsonNode attrs = new ObjectMapper().readTree(events.out().strip());
            assertThat(attrs.path("berth.user").asText()).isEqualTo("alice");
            assertThat(attrs.path("berth.ua").asText()).startsWith("Berth-Client/");
        } finally {
            docker(certs.client(), "--tlsverify", "volume", "rm", "tls-berth-v1");
        }

        // DOCKER_TLS_VERIFY and DOCKER_HOST from the environment, as a user's shell sets them (berth's lean path)
        Result env = BerthdProcess.run(Duration.ofSeconds(60), "env", "-u", "BERTH_HOST",
                "DOCKER_HOST=tcp://127.0.0.1:" + d.tcpPort(), "DOCKER_TLS_VERIFY=1",
                "DOCKER_CERT_PATH=" + certs.client(), BERTH.toString(), "ps", "-a", "--format", "{{.Names}}");
        assertThat(env.exitCode()).as(env.toString()).isZero();
    }

    @Test
    void berthCli_refusedOrRefusing_saysWhyInDockersWords() throws IOException {
        // no client certificate: the daemon refuses it
        Path caOnly = Files.createDirectories(work.resolve("ca-only"));
        Files.copy(certs.ca(), caOnly.resolve("ca.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Result noCert = berth(caOnly, "--tlsverify", "ps");
        assertThat(noCert.exitCode()).as(noCert.toString()).isEqualTo(1);
        assertThat(noCert.err()).startsWith("the server probably has client authentication (--tlsverify) enabled; "
                + "check your TLS client certification settings: Get \"https://127.0.0.1:" + d.tcpPort()
                + "/v1.50/containers/json\": ");
        // a client certificate of another CA
        Result mixed = berth(certs.clientWith(stranger, "berth-mixed"), "--tlsverify", "ps");
        assertThat(mixed.exitCode()).as(mixed.toString()).isEqualTo(1);
        assertThat(mixed.err()).contains("check your TLS client certification settings");
        // a daemon certificate of a CA we do not trust
        Result untrusted = berth(stranger.client(), "--tlsverify", "ps");
        assertThat(untrusted.exitCode()).as(untrusted.toString()).isEqualTo(1);
        assertThat(untrusted.err().strip()).isEqualTo("error during connect: Get \"https://127.0.0.1:" + d.tcpPort()
                + "/v1.50/containers/json\": tls: failed to verify certificate: x509: certificate signed by unknown authority");
        // --tls alone does not check the daemon's certificate (our client certificate is still presented)
        Path ours = certs.clientWith(certs, "berth-tls-only");
        Files.copy(stranger.ca(), ours.resolve("ca.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Result tlsOnly = berth(ours, "--tls", "ps");
        assertThat(tlsOnly.exitCode()).as(tlsOnly.toString()).isZero();
        assertThat(tlsOnly.out()).startsWith("CONTAINER ID");
        // no CA file where --tlsverify looks
        Path none = work.resolve("no-such-dir");
        Result missing = berth(none, "--tlsverify", "ps");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("Failed to initialize: unable to resolve docker endpoint: open "
                + none.resolve("ca.pem") + ": no such file or directory");
        // plain HTTP to the TLS port: the daemon's answer, as the docker CLI shows it
        Result plain = berth(null, "ps");
        assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(1);
        assertThat(plain.err()).contains("Client sent an HTTP request to an HTTPS server.");
    }

    private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();
    private boolean imported;

    private synchronized void importBusybox() throws IOException {
        if (!imported) {
            Result r = d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            imported = true;
        }
    }

    /** The berth CLI against the TLS port, with DOCKER_CERT_PATH = {@code certPath} (null: none). */
    private Result berth(Path certPath, String... args) {
        List<String> cmd = new ArrayList<>(List.of("env", "-u", "DOCKER_HOST", "-u", "BERTH_HOST", "-u",
                "DOCKER_TLS_VERIFY", "DOCKER_CONFIG=" + d.dockerConfig()));
        if (certPath != null) {
            cmd.add("DOCKER_CERT_PATH=" + certPath);
        }
        cmd.addAll(List.of(BERTH.toString(), "-H", "tcp://127.0.0.1:" + d.tcpPort()));
        cmd.addAll(List.of(args));
        return BerthdProcess.run(Duration.ofSeconds(60), cmd.toArray(String[]::new));
    }

    private String berthLine(Path certPath) {
        return "env -u DOCKER_HOST -u BERTH_HOST -u DOCKER_TLS_VERIFY DOCKER_CONFIG=" + d.dockerConfig()
                + " DOCKER_CERT_PATH=" + certPath + " " + BERTH + " -H tcp://127.0.0.1:" + d.tcpPort();
    }

    private String dockerLine(Path certPath) {
        return "env -u DOCKER_HOST -u DOCKER_TLS_VERIFY DOCKER_CONFIG=" + d.dockerConfig()
                + " DOCKER_CERT_PATH=" + certPath + " docker -H tcp://127.0.0.1:" + d.tcpPort();
    }

    private static Result shell(String line) {
        return BerthdProcess.run(Duration.ofSeconds(60), "timeout", "-s", "KILL", "50", "sh", "-c", line);
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
