package dev.berth.cli.http;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** Run by {@link UnixSocketsTest} in a JVM of its own: connects to args[0], says ping; "bind" also autobinds a socket. */
final class UnixSocketsProbe {
    private UnixSocketsProbe() {}

    public static void main(String[] args) throws Exception {
        try (SocketChannel ch = UnixSockets.open(UnixDomainSocketAddress.of(args[0]))) {
            ch.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)));
        }
        if (args.length > 1 && args[1].equals("bind")) {
            // a socket bound to no address gets a random temporary name: the lazily made SecureRandom's work
            try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                s.bind(null);
                System.out.println("bound " + s.getLocalAddress());
            }
        }
    }
}
