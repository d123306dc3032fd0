package dev.berth.actors.logs;

import java.io.Closeable;
import java.io.IOException;

/**
 * A sending driver's connection as srslog keeps one: dialled when asked (at the container's start) or at the first
 * message; a failed send is tried once more on a new connection, then the message is dropped by the caller.
 */
final class Reconnecting implements Closeable {
    /** One open connection that takes whole messages. */
    interface Connection extends Closeable {
        void send(byte[] message) throws IOException;
    }

    /** Opens a new connection. */
    interface Dialer {
        Connection dial() throws IOException;
    }

    private final Dialer dialer;
    private Connection conn;

    /** @param now dial here (an IOException fails the start), else at the first message */
    Reconnecting(Dialer dialer, boolean now) throws IOException {
        this.dialer = dialer;
        this.conn = now ? dialer.dial() : null;
    }

    /** Sends one message; an IOException when it could not be sent, even on a new connection. */
    void send(byte[] message) throws IOException {
        if (conn != null) {
            try {
                conn.send(message);
                return;
            } catch (IOException first) {
                close();
            }
        }
        conn = dialer.dial();
        conn.send(message);
    }

    @Override
    public void close() {
        try {
            if (conn != null) {
                conn.close();
            }
        } catch (IOException e) {
            // gone either way
        }
        conn = null;
    }
}
