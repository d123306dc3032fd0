package dev.berth.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.cli.CliContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The berth CLI's TLS client: PEM keys in openssl's forms, docker's TLS settings, and its words for failures. */
class ClientTlsTest {
    @TempDir
    Path dir;

    @Test
    void privateKeys_inEveryFormOpensslWrites_signWhatTheirCertificateVerifies() throws Exception {
        check("pkcs8-rsa", "SHA256withRSA", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048");
        check("pkcs1-rsa", "SHA256withRSA", "genrsa", "-traditional", "2048");
        check("sec1-ec", "SHA256withECDSA", "ecparam", "-genkey", "-name", "prime256v1", "-noout");
        check("pkcs8-ec", "SHA256withECDSA", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384");
        check("ed25519", "Ed25519", "genpkey", "-algorithm", "ed25519");
        assertThat(Files.readString(dir.resolve("pkcs1-rsa.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("sec1-ec.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
    }

    @Test
    void anEncryptedKey_isRefused() throws Exception {
        Path key = dir.resolve("enc.key");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-aes256", "-pass", "pass:x",
                "-out", key.toString());
        assertThatThrownBy(() -> Pem.privateKey(key)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("encrypted");
    }

    @Test
    void missingFiles_areNamedInDockersWords() throws Exception {
        Path ca = dir.resolve("nowhere/ca.pem");
        assertThatThrownBy(() -> new ClientTls(ca, null, null, true).context())
                .isInstanceOf(DaemonUnreachableException.class)
                .hasMessage("Failed to initialize: unable to resolve docker endpoint: open " + ca
                        + ": no such file or directory");
        check("c", "SHA256withRSA", "genrsa", "2048");
        Path key = dir.resolve("nowhere/key.pem");
        assertThatThrownBy(() -> new ClientTls(null, dir.resolve("c.crt"), key, false).context())
                .hasMessage("Failed to initialize: unable to resolve docker endpoint: open " + key
                        + ": no such file or directory");
        // without --tlsverify the CA file is not read at all
        assertThat(new ClientTls(ca, null, null, false).context()).isNotNull();
    }

    @Test
    void endpoints_overTls_defaultToPort2376_andNameTheirUrlsAsGoDoes() {
        ClientTls tls = new ClientTls(null, null, null, false);
        assertThat(Endpoint.parse("tcp://example.test", tls).port()).isEqualTo(2376);
        assertThat(Endpoint.parse("tcp://example.test").port()).isEqualTo(2375);
        assertThat(Endpoint.parse("tcp://example.test:9", tls).port()).isEqualTo(9);
        assertThat(Endpoint.parse("tcp://10.0.0.1", tls).url("/v1.50/_ping")).isEqualTo("https://10.0.0.1:2376/v1.50/_ping");
        assertThat(Endpoint.parse("tcp://10.0.0.1").url("/v1.50/_ping")).isEqualTo("http://10.0.0.1:2375/v1.50/_ping");
        assertThat(Endpoint.parse("unix:///run/b.sock").url("/v1.50/_ping")).isEqualTo("http://%2Frun%2Fb.sock/v1.50/_ping");
        assertThatThrownBy(() -> Endpoint.parse("unix:///run/b.sock", tls)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS over a unix socket");
    }

    @Test
    void settings_followDockersFlagsAndEnvironment() throws IOException {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Files.writeString(certs.resolve("cert.pem"), "x");
        // nothing asked: no TLS
        assertThat(context(Map.of("DOCKER_CERT_PATH", certs.toString())).clientTls()).isNull();
        // DOCKER_TLS_VERIFY (any value) verifies; a default key that does not exist is left out, the cert kept
        ClientTls env = context(Map.of("DOCKER_TLS_VERIFY", "0", "DOCKER_CERT_PATH", certs.toString())).clientTls();
        assertThat(env).isEqualTo(new ClientTls(certs.resolve("ca.pem"), certs.resolve("cert.pem"), null, true));
        // DOCKER_TLS alone: TLS without verifying; the files default to the config directory
        ClientTls tlsOnly = context(Map.of("DOCKER_TLS", "1", "DOCKER_CONFIG", certs.toString())).clientTls();
        assertThat(tlsOnly).isEqualTo(new ClientTls(certs.resolve("ca.pem"), certs.resolve("cert.pem"), null, false));
        // the endpoint then is TLS, on 2376 when no port is given
        CliContext c = context(Map.of("DOCKER_TLS_VERIFY", "1", "DOCKER_HOST", "tcp://127.0.0.1",
                "DOCKER_CERT_PATH", certs.toString()));
        assertThat(c.endpoint().tls()).isNotNull();
        assertThat(c.endpoint().port()).isEqualTo(2376);
    }

    @Test
    void flags_overrideTheEnvironment() {
        var out = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(out, true, StandardCharsets.UTF_8);
        // --tlsverify=false beside DOCKER_TLS_VERIFY: plain TCP (here to a port nobody listens on)
        int code = dev.berth.cli.Main.run(new String[] {"--tlsverify=false", "-H", "tcp://127.0.0.1:1", "ps"},
                new CliContext(both, both, new ByteArrayInputStream(new byte[0]), Map.of("DOCKER_TLS_VERIFY", "1")));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Cannot connect to the Docker daemon at tcp://127.0.0.1:1");
        assertThat(code).isEqualTo(1);
    }

    @Test
    void contextInspect_showsTheTlsSettings_asDockerDoes() throws IOException {
        Path certs = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(certs.resolve("ca.pem"), "x");
        Files.writeString(certs.resolve("cert.pem"), "x");
        Files.writeString(certs.resolve("key.pem"), "x");
        assertThat(contextInspect(Map.of(), "--tlsverify")).contains("\"SkipTLSVerify\": false")
                .containsPattern("\"TLSMaterial\": \\{\\s+\"docker\": \\[\\s+\"ca.pem\",\\s+\"cert.pem\",\\s+\"key.pem\"\\s+]");
        Files.delete(certs.resolve("key.pem"));
        assertThat(contextInspect(Map.of(), "--tls")).contains("\"SkipTLSVerify\": true")
                .containsPattern("\"docker\": \\[\\s+\"ca.pem\"\\s+]");
        assertThat(contextInspect(Map.of())).contains("\"SkipTLSVerify\": false").contains("\"TLSMaterial\": {}");
    }

    private String contextInspect(Map<String, String> extraEnv, String... flags) {
        var out = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(out, true, StandardCharsets.UTF_8);
        Map<String, String> env = new java.util.HashMap<>(extraEnv);
        env.put("DOCKER_CERT_PATH", dir.resolve("ctx").toString());
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("-H", "tcp://127.0.0.1:2376", "context", "inspect"));
        int code = dev.berth.cli.Main.run(args.toArray(String[]::new),
                new CliContext(both, both, new ByteArrayInputStream(new byte[0]), env));
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void handshakeFailures_areWordedAsTheGoClientWordsThem() {
        assertThat(ClientTls.reason(new SSLHandshakeException("PKIX path building failed: unable to find valid "
                + "certification path to requested target")))
                .isEqualTo("tls: failed to verify certificate: x509: certificate signed by unknown authority");
        assertThat(ClientTls.reason(new SSLException("Unsupported or unrecognized SSL message")))
                .isEqualTo("http: server gave HTTP response to HTTPS client");
        SSLException badCert = new SSLHandshakeException("Received fatal alert: bad_certificate");
        assertThat(ClientTls.reason(badCert)).isEqualTo("remote error: tls: bad certificate");
        assertThat(ClientTls.refusedCertificate(badCert)).isTrue();
        assertThat(DaemonUnreachableException.tls("GET", "https://h:2376/v1.50/info", badCert).getMessage())
                .isEqualTo("the server probably has client authentication (--tlsverify) enabled; check your TLS client "
                        + "certification settings: Get \"https://h:2376/v1.50/info\": remote error: tls: bad certificate");
        assertThat(DaemonUnreachableException.tls("POST", "https://h:2376/v1.50/x", new SSLException("boom")).getMessage())
                .isEqualTo("error during connect: Post \"https://h:2376/v1.50/x\": tls: boom");
        SSLException dropped = new ClientTls.Dropped(new java.net.SocketException("Connection reset by peer"));
        assertThat(ClientTls.refusedCertificate(dropped)).isTrue();
        assertThat(ClientTls.reason(dropped)).isEqualTo("read: connection reset by peer");
    }

    private static CliContext context(Map<String, String> env) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        return new CliContext(sink, sink, new ByteArrayInputStream(new byte[0]), env);
    }

    /** A key made by {@code openssl ARGS} and a self-signed certificate of it; the key, read by Pem, signs what the certificate's public key verifies. */
    private void check(String name, String algorithm, String... genArgs) throws Exception {
        Path key = dir.resolve(name + ".key");
        List<String> gen = new ArrayList<>(List.of(genArgs));
        gen.addAll(List.of("-out", key.toString()));
        if (genArgs[0].equals("genrsa")) {
            // genrsa takes the size last
            gen.remove(genArgs[genArgs.length - 1]);
            gen.add(genArgs[genArgs.length - 1]);
        }
        openssl(gen.toArray(String[]::new));
        Path cert = dir.resolve(name + ".crt");
        openssl("req", "-x509", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-days", "1", "-out",
                cert.toString());
        PrivateKey privateKey = Pem.privateKey(key);
        X509Certificate certificate = Pem.certificates(cert).get(0);
        byte[] data = name.getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(privateKey);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(data);
        assertThat(verifier.verify(signature)).as(name).isTrue();
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(cmd + ": " + new String(out, StandardCharsets.UTF_8)).isZero();
    }
}
