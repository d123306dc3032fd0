package dev.berth.api;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * TLS on the API's TCP hosts, as dockerd's {@code --tls}/{@code --tlsverify}: the server presents
 * {@code cert}/{@code key} (PEM; the key PKCS#8, as {@code openssl genrsa}/{@code genpkey} write it);
 * with {@code verify}, a client must present a certificate signed by {@code caCert} (mutual TLS),
 * else the handshake fails. Served by the JDK's provider.
 *
 * @param caCert the CA bundle client certificates are checked against; needed with {@code verify}
 */
public record ServerTls(Path caCert, Path cert, Path key, boolean verify) {
    public ServerTls {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
        if (verify && caCert == null) {
            throw new IllegalArgumentException("--tlsverify needs --tlscacert");
        }
    }

    /**
     * The server's context, files read now: a missing or unreadable file is a start-up error naming it.
     *
     * @throws IllegalArgumentException naming the file or the reason the context cannot be made
     */
    SslContext context() {
        for (Path p : verify ? new Path[] {caCert, cert, key} : new Path[] {cert, key}) {
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("could not load TLS file " + p + ": no such file or not readable");
            }
        }
        try {
            SslContextBuilder b = SslContextBuilder.forServer(cert.toFile(), key.toFile()).sslProvider(SslProvider.JDK);
            if (verify) {
                b.trustManager(caCert.toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("could not load TLS certificate " + cert + " / key " + key + ": "
                    + e.getMessage(), e);
        }
    }
}
