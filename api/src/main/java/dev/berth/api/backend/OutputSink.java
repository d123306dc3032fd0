package dev.berth.api.backend;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

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

    /** One piece of output for {@link #writeAll(List)}. */
    record Chunk(Stream stream, byte[] data) {
        public Chunk {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * Writes the chunks in order, each framed as {@link #write(Stream, byte[])} frames it, handed to the client
     * in one piece: a log's backlog goes out in a few large writes instead of one flushed HTTP chunk per line.
     * The list is read before this returns. False when the client is gone.
     */
    default boolean writeAll(List<Chunk> chunks) {
        for (Chunk c : chunks) {
            if (!write(c.stream(), c.data())) {
                return false;
            }
        }
        return true;
    }

    /** No more output. Called exactly once. */
    void end();
}
