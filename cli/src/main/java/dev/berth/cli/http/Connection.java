package dev.berth.cli.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLSocket;

/**
 * One connection to the daemon: a socket channel (a unix socket or plain TCP), or a TLS socket. Its
 * streams may be read and written from two threads at once (a hijacked attach forwards stdin while
 * the output is read).
 */
public interface Connection extends Closeable {
    InputStream in();

    OutputStream out();

    /** Ends the write side only: the daemon reads the end of stdin; the output goes on. */
    void shutdownOutput() throws IOException;

    /** Closes a connection whose response this thread has read to its end. */
    default void closeAfterRead() throws IOException {
        close();
    }

    static Connection of(SocketChannel channel) {
        return new Plain(channel);
    }

    static Connection of(SSLSocket socket) {
        return new Tls(socket);
    }

    /** Over a socket channel, through {@link ChannelStreams}. */
    final class Plain implements Connection {
        private final SocketChannel channel;
        private final InputStream in;
        private final OutputStream out;

        Plain(SocketChannel channel) {
            this.channel = channel;
            this.in = ChannelStreams.in(channel);
            this.out = ChannelStreams.out(channel);
        }

        @Override
        public InputStream in() {
            return in;
        }

        @Override
        public OutputStream out() {
            return out;
        }

        @Override
        public void shutdownOutput() throws IOException {
            if (channel.isOpen()) channel.shutdownOutput();
        }

        /**
         * Closed in non-blocking mode: a blocking channel's close first asks {@code sun.nio.ch.Net} whether
         * to shut its output down, and that class's initialisation (IPv6 probes, the extended socket options
         * through reflection and the {@code extnet} library) was ~2 ms of a ~40 ms {@code berth inspect} on
         * JDK 25, for a unix socket that needs none of it.
         */
        @Override
        public void closeAfterRead() throws IOException {
            if (channel.isOpen()) {
                channel.configureBlocking(false);
                channel.close();
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Over TLS (the JDK's {@link SSLSocket}, which reads and writes from two threads at once). The write side
     * ends with TLS's close_notify, as the docker CLI's {@code CloseWrite} does: under TLS 1.3 the input stays
     * open for the rest of the output.
     */
    final class Tls implements Connection {
        private final SSLSocket socket;
        private final InputStream in;
        private final OutputStream out;

        Tls(SSLSocket socket) {
            this.socket = socket;
            try {
                this.in = socket.getInputStream();
                this.out = socket.getOutputStream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public InputStream in() {
            return in;
        }

        @Override
        public OutputStream out() {
            return out;
        }

        @Override
        public void shutdownOutput() throws IOException {
            if (!socket.isClosed() && !socket.isOutputShutdown()) socket.shutdownOutput();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
