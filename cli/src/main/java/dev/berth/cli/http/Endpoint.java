package dev.berth.cli.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;

/** Where the daemon listens: {@code unix:///path} or {@code tcp://host:port}. */
public record Endpoint(String scheme, String path, String host, int port) {
    public static final String DEFAULT = "unix:///run/berth/berth.sock";

    public Endpoint {
        if (!scheme.equals("unix") && !scheme.equals("tcp")) {
            throw new IllegalArgumentException("unsupported protocol: " + scheme);
        }
    }

    /** Parses a {@code -H} value the way docker does; a bare path means a unix socket. */
    public static Endpoint parse(String value) {
        String v = value.trim();
        if (v.startsWith("/")) return new Endpoint("unix", v, null, 0);
        int sep = v.indexOf("://");
        if (sep < 0) throw new IllegalArgumentException("invalid host: " + value);
        String scheme = v.substring(0, sep);
        String rest = v.substring(sep + 3);
        if (scheme.equals("unix")) {
            if (rest.isEmpty()) throw new IllegalArgumentException("invalid unix socket path: " + value);
            return new Endpoint("unix", rest, null, 0);
        }
        if (scheme.equals("tcp") || scheme.equals("http")) {
            URI uri = URI.create("tcp://" + rest);
            String host = uri.getHost() == null ? "localhost" : uri.getHost();
            int port = uri.getPort() < 0 ? 2375 : uri.getPort();
            return new Endpoint("tcp", null, host, port);
        }
        throw new IllegalArgumentException("unsupported protocol: '" + scheme + "' in " + value);
    }

    /** Opens a blocking connection. */
    public SocketChannel open() throws IOException {
        if (scheme.equals("unix")) {
            return UnixSockets.open(UnixDomainSocketAddress.of(path));
        }
        return SocketChannel.open(new InetSocketAddress(host, port));
    }

    @Override
    public String toString() {
        return scheme.equals("unix") ? "unix://" + path : "tcp://" + host + ":" + port;
    }
}
