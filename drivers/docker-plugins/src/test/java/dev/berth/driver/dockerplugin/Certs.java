package dev.berth.driver.dockerplugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A CA and certificates it signs, made with the openssl CLI in a test's directory (keys PKCS#8, as openssl 3 writes). */
final class Certs {
    private Certs() {
    }

    /** {@code dir/ca.pem}, {@code dir/ca-key.pem}. */
    static void ca(Path dir) throws IOException, InterruptedException {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=berth-plugin-test-ca",
                "-keyout", dir.resolve("ca-key.pem").toString(), "-out", dir.resolve("ca.pem").toString());
    }

    /** {@code dir/NAME-cert.pem} and {@code dir/NAME-key.pem}, signed by the CA in {@code dir}. */
    static void sign(Path dir, String name, String subject, String extensions) throws IOException, InterruptedException {
        Path key = dir.resolve(name + "-key.pem");
        Path csr = dir.resolve(name + ".csr");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, extensions);
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", key.toString(), "-out", csr.toString());
        openssl("x509", "-req", "-in", csr.toString(), "-CA", dir.resolve("ca.pem").toString(), "-CAkey",
                dir.resolve("ca-key.pem").toString(), "-CAcreateserial", "-days", "2", "-extfile", ext.toString(),
                "-out", dir.resolve(name + "-cert.pem").toString());
    }

    static void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }
}
