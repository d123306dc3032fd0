package dev.berth.image;

import dev.berth.spi.EngineException;
import java.nio.file.Path;

/**
 * A directory held open and reached as {@code /proc/self/fd/<n>}: if the mount it belongs to is
 * detached meanwhile (a container's cleanup unmounts its root lazily while a copy still reads it), the
 * path keeps leading to the same tree until closed.
 */
public final class PinnedDir implements AutoCloseable {
    private static final int O_RDONLY = 0;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_CLOEXEC = 02000000;

    private final int fd;
    private boolean closed;

    private PinnedDir(int fd) {
        this.fd = fd;
    }

    public static PinnedDir open(Path dir) {
        int fd = Native.posix().open(dir.toString(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0) {
            throw EngineException.unavailable("cannot open " + dir + ": " + Native.strerror(Native.errno()), null);
        }
        return new PinnedDir(fd);
    }

    /** Ends in {@code /.}: an lstat of the path itself then sees the directory, not the fd's magic link. */
    public Path path() {
        return Path.of("/proc/self/fd", Integer.toString(fd), ".");
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Native.posix().close(fd);
        }
    }
}
