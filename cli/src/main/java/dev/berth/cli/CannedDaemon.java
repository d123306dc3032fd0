package dev.berth.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For {@link Training}: a unix socket answering {@code GET /containers/json} with two containers and
 * {@code GET /containers/NAME/json} with one, so that a cache records the code that lists and prints
 * them whatever the real daemon holds (one with no containers left ps's rows, ports, times and
 * inspect's printer out of the cache). Everything else is a 404.
 */
final class CannedDaemon implements AutoCloseable {
    static final String LIST = "[{\"Id\":\"0123456789abcdef0123456789abcdef\",\"Names\":[\"/web\"],"
            + "\"Image\":\"busybox\",\"ImageID\":\"sha256:aa\",\"Command\":\"sleep 1000\",\"Created\":1700000000,"
            + "\"Ports\":[{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\"},"
            + "{\"PrivatePort\":53,\"Type\":\"udp\"}],\"Labels\":{\"a\":\"1\"},\"State\":\"running\","
            + "\"Status\":\"Up 2 minutes\",\"Mounts\":[{\"Name\":\"data\",\"Driver\":\"local\"}],"
            + "\"NetworkSettings\":{\"Networks\":{\"bridge\":{}}}},"
            + "{\"Id\":\"fedcba9876543210fedcba9876543210\",\"Names\":[\"/db\"],\"Image\":\"sha256:aa\","
            + "\"ImageID\":\"sha256:aa\",\"Command\":\"\",\"Created\":1600000000,\"Ports\":[],\"Labels\":null,"
            + "\"State\":\"exited\",\"Status\":\"Exited (0) 3 days ago\"}]";
    static final String OBJECT = "{\"Id\":\"0123456789abcdef0123456789abcdef\",\"Name\":\"/web\","
            + "\"Created\":\"2023-11-14T22:13:20.5Z\",\"Path\":\"sleep\",\"Args\":[\"1000\"],"
            + "\"State\":{\"Status\":\"running\",\"Running\":true,\"Pid\":42,\"ExitCode\":0},"
            + "\"Config\":{\"Env\":[\"A=<b>&\"],\"Labels\":{},\"Tty\":false},\"Mounts\":[],"
            + "\"NetworkSettings\":{\"Networks\":{\"bridge\":{\"IPAddress\":\"172.17.0.2\",\"IPPrefixLen\":16}}},"
            + "\"SizeRw\":1.5}";

    private final Path dir;
    private final ServerSocketChannel server;
    private final Thread thread;

    CannedDaemon() throws IOException {
        // not Files.createTempDirectory: its random name would put the SUN provider in the cache
        dir = Files.createDirectory(Path.of(System.getProperty("java.io.tmpdir"),
                "berth-training-" + ProcessHandle.current().pid()));
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("d.sock")));
        thread = new Thread(this::serve, "berth-training-daemon");
        thread.setDaemon(true);
        thread.start();
    }

    String host() {
        return "unix://" + dir.resolve("d.sock");
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel c = server.accept()) {
                String target = target(c);
                String body = target.startsWith("/v1.50/containers/json") ? LIST
                        : target.startsWith("/v1.50/containers/") ? OBJECT : null;
                String status = body != null ? "200 OK" : "404 Not Found";
                if (body == null) body = "{\"message\":\"No such object\"}";
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                String head = "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + b.length + "\r\n\r\n";
                c.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.UTF_8)));
                c.write(ByteBuffer.wrap(b));
            } catch (IOException e) {
                return;  // closed
            }
        }
    }

    /** The request line's target, once the whole head has come (a GET has no body). */
    private static String target(SocketChannel c) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        String head = "";
        while (!head.contains("\r\n\r\n") && buf.hasRemaining() && c.read(buf) > 0) {
            head = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        }
        String[] line = head.split(" ", 3);
        return line.length > 1 ? line[1] : "";
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(dir.resolve("d.sock"));
        Files.deleteIfExists(dir);
    }
}
