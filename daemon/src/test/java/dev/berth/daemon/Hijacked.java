package dev.berth.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A raw hijacked connection to berthd (attach, exec start), for what the docker CLI hides: it writes
 * each {@link #send} as one write, so the server sees the bytes as a terminal would send key presses.
 */
final class Hijacked implements AutoCloseable {
    private final SocketChannel channel;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile boolean ended;
    private final Thread reader;

    private Hijacked(SocketChannel channel) {
        this.channel = channel;
        this.reader = new Thread(this::read, "hijacked-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Sends {@code requestLine} (with a JSON {@code body} when not empty) asking for the upgrade. */
    static Hijacked open(Path socket, String requestLine, String body) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = requestLine + "\r\nHost: berth\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                + (content.length > 0 ? "Content-Type: application/json\r\n" : "")
                + "Content-Length: " + content.length + "\r\n\r\n";
        ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
        ch.write(ByteBuffer.wrap(content));
        return new Hijacked(ch);
    }

    private void read() {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        try {
            while (channel.read(buf) >= 0) {
                synchronized (received) {
                    received.write(buf.array(), 0, buf.position());
                }
                buf.clear();
            }
        } catch (IOException e) {
            // closed under us
        }
        ended = true;
    }

    void send(byte[] data) throws IOException {
        channel.write(ByteBuffer.wrap(data));
    }

    String output() {
        synchronized (received) {
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    void awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!output().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no \"" + text + "\" in: " + output());
            }
            Thread.sleep(20);
        }
    }

    /** Whether the server closed the stream within {@code timeout}. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
        return ended;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
