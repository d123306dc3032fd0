package dev.berth.spi.runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * One running exec process, from {@link ExecCapable#exec}. Its output is read here (an exec's output
 * is not in the container's log). Thread-safe as {@link AttachSession}: one writer of {@link #stdin()},
 * one reader per output stream, {@link #close()} from anywhere.
 *
 * <p>Lifecycle: {@code exec} returns once the process runs; its output streams end when it has exited
 * (and everything it wrote was read); {@link #exitCode()} completes then with its exit status
 * (128 + signal when a signal ended it). The process dies with its container.
 */
public interface ExecSession extends AutoCloseable {

    /** The process id on the host. */
    int pid();

    /** The process's stdin (the terminal's input with a TTY). Closing it ends the process's input. */
    OutputStream stdin();

    /** What the process wrote to stdout (everything the terminal showed, with a TTY). */
    InputStream stdout();

    /** What the process wrote to stderr; empty at once with a TTY. */
    InputStream stderr();

    /** Sets the terminal size; ignored without a TTY. */
    void resize(int height, int width);

    /** Completes with the exit code once the process has exited. */
    CompletableFuture<Integer> exitCode();

    /** Stops reading and writing; the process keeps running to its end. Idempotent. */
    @Override
    void close();
}
