package dev.berth.api.backend;

import java.time.Instant;

/** Where a container's output goes; the API frames it (8-byte headers unless the container has a TTY). */
public interface OutputSink {
    enum Stream { STDIN, STDOUT, STDERR }

    /** Writes one chunk; returns false when the client is gone (the producer should stop). */
    boolean write(Stream stream, byte[] data);

    /**
     * Writes one log line (including its newline) that the container wrote at {@code time}. The API
     * prefixes it with the time when the client asked for timestamps ({@link LogOptions#timestamps()});
     * producers that know when a line was written should call this rather than {@link #write(Stream, byte[])}.
     */
    default boolean write(Stream stream, Instant time, byte[] data) {
        return write(stream, data);
    }

    /** No more output. Called exactly once. */
    void end();
}
