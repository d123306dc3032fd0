package dev.berth.api;

import io.netty.channel.Channel;
import java.util.concurrent.locks.LockSupport;

/** Producers on backend threads wait here while the client is slower than they are. */
final class Backpressure {
    // Short: a unix socket drains the buffer in well under a millisecond.
    private static final long PAUSE_NANOS = 100_000;

    private Backpressure() {}

    /** Returns false when the channel closed while waiting. Never blocks the event loop. */
    static boolean awaitWritable(Channel channel) {
        if (channel.eventLoop().inEventLoop()) {
            return channel.isActive();
        }
        while (channel.isActive() && !channel.isWritable()) {
            LockSupport.parkNanos(PAUSE_NANOS);
        }
        return channel.isActive();
    }
}
