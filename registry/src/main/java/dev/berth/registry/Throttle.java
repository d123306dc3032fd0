package dev.berth.registry;

import java.util.function.LongConsumer;

/** Turns a byte counter into at most one progress message per 100 ms or 512 KiB, plus the last. */
final class Throttle implements LongConsumer {
    private static final long BYTES = 512 * 1024;
    private static final long NANOS = 100_000_000L;

    private final ProgressListener listener;
    private final String id;
    private final String status;
    private final long total;
    private long lastBytes = -1;
    private long lastNanos;

    Throttle(ProgressListener listener, String id, String status, long total) {
        this.listener = listener;
        this.id = id;
        this.status = status;
        this.total = total;
    }

    @Override
    public void accept(long current) {
        long now = System.nanoTime();
        if (lastBytes < 0 || current - lastBytes >= BYTES || now - lastNanos >= NANOS || current == total) {
            lastBytes = current;
            lastNanos = now;
            listener.progress(id, status, current, total);
        }
    }
}
