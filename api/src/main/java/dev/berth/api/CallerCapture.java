package dev.berth.api;

import dev.berth.spi.Caller;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Who is asking, per connection and request (issue 15, "who"): on the unix socket the peer's
 * SO_PEERCRED and its process name, over TCP the remote address and, with TLS, the client
 * certificate's common name; plus each request's API version and User-Agent.
 */
final class CallerCapture {
    private final Channel channel;
    // the unix peer does not change during a connection: asked once (a syscall and a /proc read)
    private Caller peer;
    private Caller last;
    private ApiVersion lastVersion;
    private String lastUserAgent;

    CallerCapture(Channel channel) {
        this.channel = channel;
    }

    Caller of(HttpRequest request, ApiVersion version) {
        String ua = request.headers().get(HttpHeaderNames.USER_AGENT);
        // a keep-alive client sends the same User-Agent and version each time: one Caller (and one
        // TLS subject parse) per connection, not per request
        if (last != null && Objects.equals(version, lastVersion) && Objects.equals(ua, lastUserAgent)) {
            return last;
        }
        Caller p = peer();
        last = new Caller(p.uid(), p.gid(), p.pid(), p.comm(), Authorization.tlsUser(channel), p.remote(),
                version == null ? null : version.toString(), ua);
        lastVersion = version;
        lastUserAgent = ua;
        return last;
    }

    private Caller peer() {
        if (peer == null) {
            peer = connectionPeer();
        }
        return peer;
    }

    private Caller connectionPeer() {
        if (channel instanceof EpollDomainSocketChannel unix) {
            try {
                PeerCredentials cred = unix.peerCredentials();
                int[] gids = cred.gids();
                Integer gid = gids.length == 0 ? null : gids[0];
                return new Caller(cred.uid(), gid, cred.pid(), comm(cred.pid()), null, null, null, null);
            } catch (IOException e) {
                return new Caller(null, null, null, null, null, null, null, null);
            }
        }
        SocketAddress remote = channel.remoteAddress();
        String text = remote instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort()
                : remote == null ? null : remote.toString();
        return new Caller(null, null, null, null, null, text, null, null);
    }

    /** The peer's process name; null once it has gone (a client that exited right after sending). */
    private static String comm(int pid) {
        if (pid <= 0) {
            return null;
        }
        try {
            return Files.readString(Path.of("/proc", Integer.toString(pid), "comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
