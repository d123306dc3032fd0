package dev.berth.spi.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * One chunk the container wrote.
 *
 * @param time   when it was written
 * @param stream which stream
 * @param data   the bytes, ending with a newline unless {@code partial}
 * @param partial true when the process wrote no newline yet (the chunk continues in the next entry)
 */
public record LogEntry(Instant time, StdStream stream, byte[] data, boolean partial) {
    public LogEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(data, "data");
    }

    public enum StdStream { STDOUT, STDERR }
}
