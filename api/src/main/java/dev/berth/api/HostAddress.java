package dev.berth.api;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Path;
import io.netty.channel.unix.DomainSocketAddress;

/** One parsed {@code -H} value. */
record HostAddress(String scheme, Path socketPath, String host, int port) {
    static final int DEFAULT_TCP_PORT = 2375;

    static HostAddress parse(String value) {
        if (value.startsWith("unix://")) {
            String path = value.substring("unix://".length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("empty unix socket path in " + value);
            }
            return new HostAddress("unix", Path.of(path), null, 0);
        }
        if (value.startsWith("tcp://")) {
            URI uri = URI.create(value);
            String host = uri.getHost() == null || uri.getHost().isEmpty() ? "0.0.0.0" : uri.getHost();
            int port = uri.getPort() < 0 ? DEFAULT_TCP_PORT : uri.getPort();
            return new HostAddress("tcp", null, host, port);
        }
        throw new IllegalArgumentException("unsupported host " + value + ": use unix:///path or tcp://host:port");
    }

    boolean isUnix() {
        return "unix".equals(scheme);
    }

    SocketAddress socketAddress() {
        return isUnix() ? new DomainSocketAddress(socketPath.toFile()) : new InetSocketAddress(host, port);
    }
}
