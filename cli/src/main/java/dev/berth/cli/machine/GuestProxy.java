package dev.berth.cli.machine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Runs in the guest: serves TCP {@code PORT} (QEMU forwards the host's loopback port there) and
 * passes each connection to berthd's unix socket, which alone berthd listens on (it refuses plain
 * TCP off loopback). Its own, not systemd-socket-proxyd: that one lost attached output (the
 * docker CLI half-closes its side of a hijacked connection and still reads).
 * Usage: {@code GuestProxy PORT SOCKET}.
 */
public final class GuestProxy {
    private GuestProxy() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        Path socket = Path.of(args[1]);
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(port));
            while (true) {
                SocketChannel client = server.accept();
                Thread t = new Thread(() -> forward(client, socket), "conn");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void forward(SocketChannel client, Path socket) {
        try (client; SocketChannel berthd = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            Thread up = new Thread(() -> Supervisor.pump(client, berthd), "up");
            up.setDaemon(true);
            up.start();
            Supervisor.pump(berthd, client);
            up.join();
        } catch (IOException e) {
            // berthd not listening yet: the client sees its connection closed and tries again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
