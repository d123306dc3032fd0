package dev.berth.driver.runc;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;
import jnr.posix.POSIX;

/**
 * {@code runc start} without the runc process: a created runc container waits in {@code runc init},
 * blocked opening {@code <root>/<id>/exec.fifo} for writing; whoever opens it for reading lets it write
 * one byte and exec the container's program, and the file is then removed (which is how runc tells
 * "running" from "created"). That is all {@code runc start} does for a container without a notify
 * socket, after a Go process start (~6.5 ms on the start's answer, the second longest step after
 * {@code runc create}). The same files are read as by {@link RuncStateFile}.
 *
 * <p>Only a state directory runc made (its {@code state.json} beside the fifo) is started here; any other
 * runtime (crun keeps other files) and any doubt is left to the runtime's own {@code start}: the fifo gone,
 * or the init process gone before it wrote. As with runc, the answer comes once the fifo's writer has closed
 * it (at the exec, the descriptor being close-on-exec) or died after writing.
 */
final class ExecFifo {
    static final String FIFO = "exec.fifo";

    /** How often the init process is checked while nothing has opened the fifo (runc checks as often). */
    private static final long LIVENESS_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final POSIX posix;
    private final Path proc;

    ExecFifo(POSIX posix) {
        this(posix, Path.of("/proc"));
    }

    /** @param proc where procfs is (tests give a directory of their own) */
    ExecFifo(POSIX posix, Path proc) {
        this.posix = posix;
        this.proc = proc;
    }

    /**
     * Lets the created container in {@code stateDir} run its program.
     *
     * @param initPid the container's init process (conmon's report of {@code runc create})
     * @return false when nothing was done and the runtime's {@code start} has to do it
     */
    boolean start(Path stateDir, int initPid) {
        Path fifo = stateDir.resolve(FIFO);
        if (!Files.isRegularFile(stateDir.resolve("state.json")) || !Files.exists(fifo)) {
            return false;
        }
        // Non-blocking: opening a fifo's read end this way never waits, and a writer blocked in its own
        // open goes on at once. A blocking open would hang for good if the init process had died.
        int fd = posix.open(fifo.toString(), OpenFlags.O_RDONLY.intValue() | OpenFlags.O_NONBLOCK.intValue()
                | OpenFlags.O_CLOEXEC.intValue(), 0);
        if (fd < 0) {
            return false;
        }
        boolean read;
        try {
            read = drain(fd, initPid);
        } finally {
            posix.close(fd);
        }
        if (!read) {
            return false;
        }
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            // left, runc would call the container "created" though its program runs
            throw EngineException.unavailable("cannot remove " + fifo + ": " + e.getMessage(), e);
        }
        return true;
    }

    /**
     * Reads until the writer has written and closed. A read of 0 bytes means no writer: before anything
     * arrived, one has yet to open (the byte stays in the pipe while this end is open, so none is missed);
     * after, the writer has closed its end.
     *
     * @return whether the byte arrived (false: the init process is gone and never wrote)
     */
    private boolean drain(int fd, int initPid) {
        byte[] buf = new byte[64];
        boolean got = false;
        long start = System.nanoTime();
        long nextCheck = start + LIVENESS_CHECK_NANOS;
        while (true) {
            int n = posix.read(fd, buf, buf.length);
            if (n > 0) {
                got = true;
                continue;
            }
            if (n == 0 && got) {
                return true;
            }
            if (n < 0 && posix.errno() != Errno.EAGAIN.intValue() && posix.errno() != Errno.EINTR.intValue()) {
                throw EngineException.unavailable("reading " + FIFO + ": " + posix.strerror(posix.errno()), null);
            }
            long now = System.nanoTime();
            if (!got && now >= nextCheck) {
                if (!alive(initPid)) {
                    // one last look: it may have written and gone since the read above
                    return posix.read(fd, buf, buf.length) > 0;
                }
                nextCheck = now + LIVENESS_CHECK_NANOS;
            }
            if (now - start > TIMEOUT_NANOS) {
                throw EngineException.unavailable("the container's init process did not open " + FIFO + " in time", null);
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
    }

    /** Whether {@code pid} exists and is not a zombie. */
    private boolean alive(int pid) {
        if (pid <= 0) {
            return false;
        }
        try {
            String stat = Files.readString(proc.resolve(Integer.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
            String state = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ")[0];
            return !state.equals("Z") && !state.equals("X");
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            return true; // cannot tell: keep waiting, as runc would
        }
    }
}
