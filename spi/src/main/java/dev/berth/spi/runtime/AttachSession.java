package dev.berth.spi.runtime;

import java.io.OutputStream;

/**
 * One client's connection to a running container's stdin (and terminal), from
 * {@link RuntimeDriver#attach}. Output is not read here: it is in the log ({@link RuntimeDriver#openLog}).
 * Thread-safe: {@link #stdin()} is written by one thread at a time; {@link #close()} may be called
 * from any thread, also while a write blocks (the write then fails).
 */
public interface AttachSession extends AutoCloseable {

    /**
     * Bytes written here reach the container's stdin (or its terminal), in order. Writes block while
     * the container does not read; they throw {@link java.io.IOException} once the container or the
     * session is gone. The container must have been started with {@link ContainerSpec#openStdin()},
     * else what is written is dropped.
     */
    OutputStream stdin();

    /**
     * This client's input has ended. The container's stdin closes if it was started with
     * {@link ContainerSpec#stdinOnce()}, else it stays open for other clients. Idempotent.
     */
    void closeStdin();

    /** Sets the terminal size of a {@link ContainerSpec#tty()} container; ignored without a terminal. */
    void resize(int height, int width);

    /** Ends the session (as {@link #closeStdin()} for the container's stdin). Idempotent. */
    @Override
    void close();
}
