package dev.berth.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A tiny HTTP server on a unix socket that answers each request with the handler's raw bytes. */
public final class FakeDaemon implements AutoCloseable {
    public record Request(String method, String target, String head, byte[] body) {}

    private final ServerSocketChannel server;
    private final Path socket;
    public final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeDaemon(Function<Request, byte[]> handler) throws IOException {
        Path dir = Files.createTempDirectory("berth-cli");
        socket = dir.resolve("d.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread t = new Thread(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel ch = server.accept();
                    Thread h = new Thread(() -> serve(ch, handler));
                    h.setDaemon(true);
                    h.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    public String host() {
        return "unix://" + socket;
    }

    private void serve(SocketChannel ch, Function<Request, byte[]> handler) {
        try (ch) {
            InputStream in = Channels.newInputStream(ch);
            String head = readHead(in);
            String[] first = head.split("\r\n")[0].split(" ");
            byte[] body = new byte[0];
            String lower = head.toLowerCase();
            int cl = lower.indexOf("content-length:");
            if (cl >= 0) {
                int n = Integer.parseInt(lower.substring(cl + 15, lower.indexOf("\r\n", cl)).trim());
                body = in.readNBytes(n);
            } else if (lower.contains("transfer-encoding: chunked")) {
                body = readChunked(in);
            }
            Request r = new Request(first[0], first[1], head, body);
            requests.add(r);
            OutputStream out = Channels.newOutputStream(ch);
            out.write(handler.apply(r));
            out.flush();
        } catch (IOException ignored) {
            // client went away
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            String s = b.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) return s;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') line.append((char) c);
            int size = Integer.parseInt(line.toString().trim(), 16);
            if (size == 0) {
                in.readNBytes(2);
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            in.readNBytes(2);
        }
    }

    public static byte[] json(int status, String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n";
        return concat(head.getBytes(StandardCharsets.UTF_8), b);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socket.getParent()); // the temp dir made for it
    }
}
