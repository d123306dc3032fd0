package dev.berth.spi.runtime;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * A cursor over a container's log. Not thread-safe: one reader.
 */
public interface LogStream extends Closeable {
    /**
     * The next entry, waiting up to {@code timeout} for one to be written; null if none came. Never
     * ends on its own: the caller stops when the container has exited and a poll returns null.
     */
    LogEntry poll(Duration timeout) throws IOException;
}
