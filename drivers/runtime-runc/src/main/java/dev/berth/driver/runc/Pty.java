package dev.berth.driver.runc;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * A pseudo-terminal pair made in the daemon: the master is read and written here, the slave (by
 * path) is the stdio of a foreground {@code runc exec -t}, which copies between it and the container's
 * own console and copies the slave's size onto it when it gets SIGWINCH. The daemon never opens the
 * slave itself (a session leader without a terminal would make it its controlling terminal).
 */
final class Pty implements AutoCloseable {
    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0400;
    private static final int O_CLOEXEC = 02000000;
    private static final long TIOCSWINSZ = 0x5414;
    private static final int EINTR = 4;

    /** The libc calls a pty master needs. */
    public interface LibC {
        @SaveError
        int posix_openpt(int flags);

        @SaveError
        int grantpt(int fd);

        @SaveError
        int unlockpt(int fd);

        String ptsname(int fd);

        @SaveError
        int ioctl(int fd, long request, @In short[] winsize);

        @SaveError
        long read(int fd, @Out byte[] buf, long count);

        @SaveError
        long write(int fd, @In byte[] buf, long count);

        int close(int fd);

        @SaveError
        int open(String path, int flags);
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getRuntime(LIBC);
    }

    private final int master;
    private final String slavePath;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Pty(int master, String slavePath) {
        this.master = master;
        this.slavePath = slavePath;
    }

    static Pty open(int height, int width) {
        LibC c = Holder.LIBC;
        int fd = c.posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) {
            throw EngineException.unavailable("cannot open a pseudo-terminal: errno " + Holder.RUNTIME.getLastError(), null);
        }
        if (c.grantpt(fd) != 0 || c.unlockpt(fd) != 0) {
            int errno = Holder.RUNTIME.getLastError();
            c.close(fd);
            throw EngineException.unavailable("cannot unlock a pseudo-terminal: errno " + errno, null);
        }
        Pty pty = new Pty(fd, c.ptsname(fd));
        pty.resize(height, width);
        return pty;
    }

    String slavePath() {
        return slavePath;
    }

    void resize(int height, int width) {
        short[] ws = {(short) height, (short) width, 0, 0};
        Holder.LIBC.ioctl(master, TIOCSWINSZ, ws);
    }

    /**
     * Sets the size of the terminal on {@code pid}'s stdin, if it has one: the kernel then signals its
     * foreground group. For runtimes that proxy our pty to one of their own without passing SIGWINCH
     * on (crun exec --tty), this is the only way a resize reaches the process.
     */
    static void resizeTerminalOf(int pid, int height, int width) {
        int fd = Holder.LIBC.open("/proc/" + pid + "/fd/0", O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) {
            return; // gone, or its stdin is no longer reachable: nothing to resize
        }
        try {
            Holder.LIBC.ioctl(fd, TIOCSWINSZ, new short[] {(short) height, (short) width, 0, 0});
        } finally {
            Holder.LIBC.close(fd);
        }
    }

    /** Reads what the terminal shows; ends (EIO) once every holder of the slave has closed it. */
    InputStream output() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (closed.get()) {
                    return -1;
                }
                byte[] buf = off == 0 ? b : new byte[len];
                long n;
                do {
                    n = Holder.LIBC.read(master, buf, len);
                } while (n < 0 && Holder.RUNTIME.getLastError() == EINTR);
                if (n <= 0) {
                    close(); // EIO: the slave side is gone, and this reader was the last user of the master
                    return -1;
                }
                if (buf != b) {
                    System.arraycopy(buf, 0, b, off, (int) n);
                }
                return (int) n;
            }
        };
    }

    /** Types on the terminal. */
    OutputStream input() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                byte[] buf = off == 0 && len == b.length ? b : Arrays.copyOfRange(b, off, off + len);
                int done = 0;
                while (done < buf.length) {
                    if (closed.get()) {
                        throw new IOException("terminal closed");
                    }
                    byte[] rest = done == 0 ? buf : Arrays.copyOfRange(buf, done, buf.length);
                    long n = Holder.LIBC.write(master, rest, rest.length);
                    if (n < 0) {
                        if (Holder.RUNTIME.getLastError() == EINTR) {
                            continue;
                        }
                        throw new IOException("terminal write failed: errno " + Holder.RUNTIME.getLastError());
                    }
                    done += (int) n;
                }
            }
        };
    }

    /**
     * Closes the master. Called by the reader when the terminal ended (closing it under a blocked
     * read would let the number be reused); otherwise only when nothing reads. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Holder.LIBC.close(master);
        }
    }
}
