package dev.berth.driver.runc;

import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.AttachSession;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of conmon's attach socket: {@code <bundle>/attach}, a {@code SOCK_SEQPACKET} unix socket
 * (Java's own unix sockets refuse that type, hence libc through jnr-ffi).
 *
 * <p>What conmon does with it: each packet we send is written to the container's stdin (the pipe of
 * {@code -i}, or the pty master of {@code -t}); packets up to {@value #MAX_PACKET} bytes are safe
 * (conmon reads {@code CONN_SOCK_BUF_SIZE - 1} per packet and drops the rest of a longer one). When we
 * shut down our write side or close, conmon closes the container's stdin unless it was started with
 * {@code --leave-stdin-open}. conmon also copies the container's output to every attached socket with
 * blocking writes ({@code [1 byte: 2 stdout, 3 stderr] payload}): a client that does not read would
 * stall conmon, so a thread drains and drops it (the output is read from the log instead).
 *
 * <p>The socket is reached as {@code /proc/self/fd/<bundle dir fd>/attach}, as conmon binds it, so the
 * length of the bundle path never meets sun_path's 108 bytes.
 */
final class ConmonAttach implements AttachSession {

    private static final Logger LOG = LoggerFactory.getLogger(ConmonAttach.class);

    /** Bytes per packet: conmon's STDIO_BUF_SIZE, well under what it reads per packet. */
    static final int MAX_PACKET = 8192;

    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int O_RDONLY = 0;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_CLOEXEC = 02000000;
    private static final int O_PATH = 010000000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SHUT_WR = 1;
    private static final int SHUT_RDWR = 2;
    private static final int SUN_PATH = 108;

    /** The few libc calls a SEQPACKET client needs. */
    public interface LibC {
        @SaveError
        int socket(int domain, int type, int protocol);

        @SaveError
        int connect(int fd, @In byte[] address, int length);

        @SaveError
        long send(int fd, @In byte[] buf, long length, int flags);

        @SaveError
        long recv(int fd, @Out byte[] buf, long length, int flags);

        @SaveError
        int shutdown(int fd, int how);

        @SaveError
        int open(String path, int flags, int mode);

        int close(int fd);
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getRuntime(LIBC);
    }

    private final String id;
    private final int fd;
    private final RuncRuntimeDriver.Resizer resizer;
    private final Object writeLock = new Object();
    private final AtomicBoolean inputClosed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private final Thread drain;
    private final OutputStream stdin = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            send(b, off, len);
        }
    };

    private ConmonAttach(String id, int fd, RuncRuntimeDriver.Resizer resizer) {
        this.id = id;
        this.fd = fd;
        this.resizer = resizer;
        this.drain = new Thread(this::drain, "conmon-attach-" + id.substring(0, Math.min(12, id.length())));
        this.drain.setDaemon(true);
    }

    /**
     * Connects to the attach socket in {@code bundleDir}.
     *
     * @throws EngineException CONFLICT when nothing listens there (conmon is gone: not running)
     */
    static ConmonAttach connect(String id, Path bundleDir, RuncRuntimeDriver.Resizer resizer) {
        LibC c = Holder.LIBC;
        int dir = c.open(bundleDir.toString(), O_RDONLY | O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
        if (dir < 0) {
            int e = errno();
            if (e == Errno.ENOENT.intValue()) {
                throw EngineException.conflict("Container " + id + " is not running");
            }
            throw EngineException.unavailable("cannot open " + bundleDir + ": " + strerror(e), null);
        }
        int fd = -1;
        try {
            fd = c.socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw EngineException.unavailable("socket(AF_UNIX, SOCK_SEQPACKET): " + strerror(errno()), null);
            }
            byte[] address = address("/proc/self/fd/" + dir + "/attach");
            if (c.connect(fd, address, address.length) != 0) {
                int e = errno();
                if (e == Errno.ENOENT.intValue() || e == Errno.ECONNREFUSED.intValue()) {
                    throw EngineException.conflict("Container " + id + " is not running");
                }
                throw EngineException.unavailable("cannot connect to conmon's attach socket of " + id + ": "
                        + strerror(e), null);
            }
            ConmonAttach session = new ConmonAttach(id, fd, resizer);
            fd = -1;
            session.drain.start();
            return session;
        } finally {
            if (fd >= 0) {
                c.close(fd);
            }
            c.close(dir);
        }
    }

    /** {@code struct sockaddr_un}: {@code sa_family_t} (native order) then the NUL-terminated path. */
    static byte[] address(String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length >= SUN_PATH) {
            throw EngineException.unavailable("unix socket path too long: " + path, null);
        }
        byte[] a = new byte[2 + SUN_PATH];
        boolean little = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
        a[little ? 0 : 1] = (byte) AF_UNIX;
        System.arraycopy(p, 0, a, 2, p.length);
        return a;
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    private void send(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        synchronized (writeLock) {
            while (len > 0) {
                if (closed.get() || inputClosed.get()) {
                    throw new IOException("stdin of " + id + " is closed");
                }
                int n = Math.min(len, MAX_PACKET);
                byte[] packet = off == 0 && n == b.length ? b : java.util.Arrays.copyOfRange(b, off, off + n);
                long sent = Holder.LIBC.send(fd, packet, n, MSG_NOSIGNAL);
                if (sent < 0) {
                    int e = errno();
                    if (e == Errno.EINTR.intValue()) {
                        continue;
                    }
                    throw new IOException("writing to the stdin of " + id + ": " + strerror(e));
                }
                // SEQPACKET: a packet goes whole or not at all
                off += n;
                len -= n;
            }
        }
    }

    @Override
    public void closeStdin() {
        if (inputClosed.compareAndSet(false, true) && !closed.get()) {
            // conmon reads EOF and closes the container's stdin (unless --leave-stdin-open)
            Holder.LIBC.shutdown(fd, SHUT_WR);
        }
    }

    @Override
    public void resize(int height, int width) {
        resizer.resize(id, height, width);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // wakes a blocked send and the drain thread; the fd is released once neither can use it
        Holder.LIBC.shutdown(fd, SHUT_RDWR);
        if (Thread.currentThread() != drain) {
            try {
                drain.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (writeLock) {
            release();
        }
    }

    private void release() {
        if (!drain.isAlive() && released.compareAndSet(false, true)) {
            Holder.LIBC.close(fd);
        }
    }

    /** Reads and drops what conmon copies to us, until the socket ends. */
    private void drain() {
        byte[] buf = new byte[ConmonAttach.MAX_PACKET * 4 + 1];
        try {
            while (true) {
                long n = Holder.LIBC.recv(fd, buf, buf.length, 0);
                if (n > 0) {
                    continue;
                }
                if (n < 0 && errno() == Errno.EINTR.intValue()) {
                    continue;
                }
                return;
            }
        } catch (RuntimeException e) {
            LOG.debug("draining the attach socket of {} failed: {}", id, e.toString());
        } finally {
            if (closed.get()) {
                // close() may have given up waiting for us: the last one out releases the fd
                synchronized (writeLock) {
                    if (released.compareAndSet(false, true)) {
                        Holder.LIBC.close(fd);
                    }
                }
            }
        }
    }

    private static int errno() {
        return jnr.ffi.LastError.getLastError(Holder.RUNTIME);
    }

    private static String strerror(int errno) {
        for (Errno e : Errno.values()) {
            if (e.intValue() == errno) {
                return e.description();
            }
        }
        return "errno " + errno;
    }
}
