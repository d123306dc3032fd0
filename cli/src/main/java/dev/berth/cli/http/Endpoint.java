package dev.berth.cli.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * Where the daemon listens: {@code unix:///path} or {@code tcp://host:port}, the latter with TLS when {@code tls}
 * is given ({@code --tls}/{@code --tlsverify}).
 */
public record Endpoint(String scheme, String path, String host, int port, ClientTls tls) {
    public static final String DEFAULT = "unix:///run/berth/berth.sock";

    public Endpoint {
        if (!scheme.equals("unix") && !scheme.equals("tcp")) {
            throw new IllegalArgumentException("unsupported protocol: " + scheme);
        }
        if (tls != null && scheme.equals("unix")) {
            throw new IllegalArgumentException("TLS over a unix socket (" + path + ") is not supported by berth: "
                    + "a TLS daemon listens on tcp://");
        }
    }

    /** Without TLS. */
    public Endpoint(String scheme, String path, String host, int port) {
        this(scheme, path, host, port, null);
    }

    /** Parses a {@code -H} value the way docker does; a bare path means a unix socket. */
    public static Endpoint parse(String value) {
        return parse(value, null);
    }

    /**
     * As {@link #parse(String)}, over TLS when {@code tls} is not null; a TCP address without a port gets
     * docker's default port: 2376 with TLS, 2375 without.
     */
    public static Endpoint parse(String value, ClientTls tls) {
        String v = value.trim();
        if (v.startsWith("/")) return new Endpoint("unix", v, null, 0, tls);
        int sep = v.indexOf("://");
        if (sep < 0) throw new IllegalArgumentException("invalid host: " + value);
        String scheme = v.substring(0, sep);
        String rest = v.substring(sep + 3);
        if (scheme.equals("unix")) {
            if (rest.isEmpty()) throw new IllegalArgumentException("invalid unix socket path: " + value);
            return new Endpoint("unix", rest, null, 0, tls);
        }
        if (scheme.equals("tcp") || scheme.equals("http")) {
            URI uri = URI.create("tcp://" + rest);
            String host = uri.getHost() == null ? "localhost" : uri.getHost();
            int port = uri.getPort() < 0 ? (tls != null ? 2376 : 2375) : uri.getPort();
            return new Endpoint("tcp", null, host, port, tls);
        }
        throw new IllegalArgumentException("unsupported protocol: '" + scheme + "' in " + value);
    }

    /** Opens a blocking connection; over TLS, with the handshake done. */
    public Connection open() throws IOException {
        if (scheme.equals("unix")) {
            return Connection.of(UnixSockets.open(UnixDomainSocketAddress.of(path)));
        }
        if (tls == null) {
            return Connection.of(SocketChannel.open(new InetSocketAddress(host, port)));
        }
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port));
        } catch (IOException e) {
            plain.close();
            throw e;
        }
        return Connection.of(tls.handshake(plain, host, port));
    }

    /** The URL a request for {@code target} goes to, as the docker CLI names it in a connection error. */
    public String url(String target) {
        if (scheme.equals("unix")) {
            return "http://%2F" + path.substring(1).replace("/", "%2F") + target;
        }
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (tls != null ? "https://" : "http://") + h + ":" + port + target;
    }

    @Override
    public String toString() {
        return scheme.equals("unix") ? "unix://" + path : "tcp://" + host + ":" + port;
    }
}
