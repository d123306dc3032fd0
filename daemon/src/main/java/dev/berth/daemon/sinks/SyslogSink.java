package dev.berth.daemon.sinks;

import dev.berth.spi.events.EventSink;
import dev.berth.spi.events.SinkEvent;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Each event a syslog datagram ({@link SyslogFrame}), to a unix datagram socket ({@code /dev/log}: the JDK
 * has no unix datagrams, so Netty's native socket) or over UDP. A datagram the receiver could not take
 * (its buffer full) fails the batch, which is sent again: syslog readers keep repeats.
 */
final class SyslogSink implements EventSink {
    private static final long FULL_QUEUE_WAIT_NANOS = 5_000_000_000L;
    private final SyslogFrame frame;
    private final Path unixPath;
    private final InetSocketAddress udp;
    private Socket unix;
    private DatagramChannel channel;
    private ByteBuffer sendBuffer;

    /** Exactly one of {@code unixPath} and {@code udp}. */
    SyslogSink(SyslogFrame frame, Path unixPath, InetSocketAddress udp) throws IOException {
        this.frame = frame;
        this.unixPath = unixPath;
        this.udp = udp;
        if (unixPath != null) {
            Epoll.ensureAvailability();
            unix = Socket.newSocketDomainDgram();
        } else {
            channel = DatagramChannel.open();
            channel.connect(udp);
        }
    }

    @Override
    public synchronized void deliver(List<SinkEvent> batch) throws IOException {
        if (unix == null && channel == null) {
            throw new IOException("closed");
        }
        byte[] path = unixPath == null ? null : unixPath.toString().getBytes(StandardCharsets.UTF_8);
        for (SinkEvent e : batch) {
            byte[] message = frame.format(Instant.now(), e.json());
            if (unix != null) {
                sendUnix(direct(message), path);
            } else {
                channel.write(ByteBuffer.wrap(message));
            }
        }
    }

    /** The native send reads the buffer by address: it must be direct. */
    private ByteBuffer direct(byte[] message) {
        if (sendBuffer == null || sendBuffer.capacity() < message.length) {
            sendBuffer = ByteBuffer.allocateDirect(Math.max(message.length, 8192));
        }
        sendBuffer.clear();
        sendBuffer.put(message).flip();
        return sendBuffer;
    }

    /**
     * The socket is non-blocking: a full receive queue (syslog daemons read in bursts; the kernel keeps
     * {@code net.unix.max_dgram_qlen} datagrams) is waited out a little, then the batch fails and is retried.
     */
    private void sendUnix(ByteBuffer buf, byte[] path) throws IOException {
        long deadline = System.nanoTime() + FULL_QUEUE_WAIT_NANOS;
        while (unix.sendToDomainSocket(buf, 0, buf.limit(), path) < buf.limit()) {
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                throw new IOException("syslog socket " + unixPath + " takes no more (its reader is behind)");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (unix != null) {
            unix.close();
            unix = null;
        }
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
