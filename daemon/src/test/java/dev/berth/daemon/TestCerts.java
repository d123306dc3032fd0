package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Certificates made with the openssl CLI for one test: a CA, a server certificate for 127.0.0.1 and
 * a client certificate it signed, laid out as the docker CLI reads {@code DOCKER_CERT_PATH}
 * ({@code ca.pem}, {@code cert.pem}, {@code key.pem}); keys in PKCS#8, as openssl 3 writes them.
 */
record TestCerts(Path dir) {

    Path ca() {
        return dir.resolve("ca.pem");
    }

    Path caKey() {
        return dir.resolve("ca-key.pem");
    }

    Path serverCert() {
        return dir.resolve("server-cert.pem");
    }

    Path serverKey() {
        return dir.resolve("server-key.pem");
    }

    /** The client's DOCKER_CERT_PATH: ca.pem, cert.pem, key.pem. */
    Path client() {
        return dir.resolve("client");
    }

    /** A CA (its own directory under {@code dir}), a server cert for 127.0.0.1, a client cert with CN {@code clientName}. */
    static TestCerts make(Path dir, String clientName) throws IOException {
        TestCerts c = new TestCerts(Files.createDirectories(dir));
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=berth-test-ca",
                "-keyout", c.caKey().toString(), "-out", c.ca().toString());
        c.sign("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
                c.serverKey(), c.serverCert());
        Path client = Files.createDirectories(c.client());
        Files.copy(c.ca(), client.resolve("ca.pem"));
        c.sign("client", "/CN=" + clientName, "extendedKeyUsage=clientAuth\n", client.resolve("key.pem"),
                client.resolve("cert.pem"));
        return c;
    }

    /** A DOCKER_CERT_PATH that trusts this CA for the server but presents {@code other}'s client certificate. */
    Path clientWith(TestCerts other, String name) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.copy(ca(), d.resolve("ca.pem"));
        Files.copy(other.client().resolve("cert.pem"), d.resolve("cert.pem"));
        Files.copy(other.client().resolve("key.pem"), d.resolve("key.pem"));
        return d;
    }

    private void sign(String name, String subject, String extensions, Path key, Path cert) throws IOException {
        Path csr = dir.resolve(name + ".csr");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, extensions);
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", key.toString(),
                "-out", csr.toString());
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca().toString(), "-CAkey", caKey().toString(),
                "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", cert.toString());
    }

    private static void openssl(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Result r = BerthdProcess.run(Duration.ofSeconds(60), cmd);
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }
}
