package dev.berth.driver.dockerplugin;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a plugin answers: a unix socket or a TCP host:port, as a {@code .sock} file, a {@code .spec}
 * URL or a {@code .json} {@code Addr} names it.
 *
 * @param url    the address as written, {@code unix:///run/x.sock} or {@code tcp://127.0.0.1:8080}
 * @param tls    how to speak TLS to a {@code tcp://} plugin (a {@code .json} spec's TLSConfig), or null
 */
record PluginAddress(String url, SocketAddress socket, PluginTls tls) {
    PluginAddress {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(socket, "socket");
        if (tls != null && !(socket instanceof InetSocketAddress)) {
            throw new IllegalArgumentException("TLSConfig applies to tcp:// plugin addresses only, not " + url);
        }
    }

    PluginAddress(String url, SocketAddress socket) {
        this(url, socket, null);
    }

    static PluginAddress unix(Path socket) {
        return new PluginAddress("unix://" + socket, UnixDomainSocketAddress.of(socket));
    }

    PluginAddress withTls(PluginTls config) {
        return new PluginAddress(url, socket, config);
    }

    /** Parses a spec's URL; dockerd knows {@code unix} and {@code tcp} (and {@code http} as tcp). */
    static PluginAddress parse(String url) {
        String u = url.trim();
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed plugin address \"" + u + "\": " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        switch (scheme) {
            case "unix" -> {
                if (uri.getPath() == null || uri.getPath().isEmpty()) {
                    throw new IllegalArgumentException("malformed plugin address \"" + u + "\": no socket path");
                }
                return new PluginAddress(u, UnixDomainSocketAddress.of(uri.getPath()));
            }
            case "tcp", "http" -> {
                if (uri.getHost() == null || uri.getPort() < 0) {
                    throw new IllegalArgumentException("malformed plugin address \"" + u + "\": want tcp://HOST:PORT");
                }
                return new PluginAddress(u, InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort()));
            }
            default -> throw new IllegalArgumentException("unsupported plugin address \"" + u
                    + "\": only unix:// and tcp:// are");
        }
    }
}
