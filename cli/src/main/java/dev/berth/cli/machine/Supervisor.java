package dev.berth.cli.machine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * The process {@code berth machine start} leaves behind next to QEMU: it serves the machine's
 * {@code berth.sock} on the host, copying each connection to berthd's TCP port that QEMU forwards
 * into the guest, and keeps QEMU's port forwards in step with the guest's published ports
 * ({@link PortForwards}) and the guest's clock in step with the host's after a suspend
 * ({@link ClockWatch}). It exits when QEMU does.
 * Usage: {@code Supervisor MACHINE_DIR API_PORT}.
 */
public final class Supervisor {
    private final Path dir;
    private final int apiPort;

    private Supervisor(Path dir, int apiPort) {
        this.dir = dir;
        this.apiPort = apiPort;
    }

    public static void main(String[] args) throws Exception {
        Supervisor s = new Supervisor(Path.of(args[0]), Integer.parseInt(args[1]));
        s.run();
    }

    static void log(String message) {
        System.out.println(Instant.now() + " " + message);
        System.out.flush();
    }

    private void run() throws IOException, InterruptedException {
        Files.writeString(dir.resolve(Machine.SUPERVISOR_PID), ProcessHandle.current().pid() + "\n");
        Path sock = dir.resolve(Machine.SOCKET);
        Files.deleteIfExists(sock);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-rw----"));
        Thread accept = new Thread(() -> acceptLoop(server), "accept");
        accept.setDaemon(true);
        accept.start();
        Thread ports = new Thread(new PortForwards(dir, apiPort), "ports");
        ports.setDaemon(true);
        ports.start();
        Thread clock = new Thread(new ClockWatch(dir), "clock");
        clock.setDaemon(true);
        clock.start();
        log("serving " + sock + " -> 127.0.0.1:" + apiPort);
        // QEMU gone (powered off, killed): nothing to forward to any more
        while (Machine.pidOf(dir.resolve(Machine.PID)).isPresent()) {
            Thread.sleep(500);
        }
        log("QEMU exited; closing " + sock);
        server.close();
        Files.deleteIfExists(sock);
        Files.deleteIfExists(dir.resolve(Machine.SUPERVISOR_PID));
        System.exit(0);
    }

    private void acceptLoop(ServerSocketChannel server) {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread t = new Thread(() -> forward(client), "conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (server.isOpen()) log("accept: " + e.getMessage());
            }
        }
    }

    private void forward(SocketChannel client) {
        try (client; SocketChannel guest = SocketChannel.open(new InetSocketAddress("127.0.0.1", apiPort))) {
            Thread up = new Thread(() -> pump(client, guest), "up");
            up.setDaemon(true);
            up.start();
            pump(guest, client);
            up.join();
        } catch (IOException e) {
            // the guest not listening yet (booting): the client sees its connection closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies until EOF, then half-closes: the docker CLI half-closes after stdin EOF and still reads. */
    static void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        try {
            while (from.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) to.write(buf);
                buf.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // both are being torn down
            }
        }
    }
}
