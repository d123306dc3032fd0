package dev.berth.driver.bridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.SaveError;

/**
 * Sockets bound inside another network namespace. A socket belongs to the namespace of the thread that made
 * it, whatever thread uses it after: a thread of its own enters the namespace ({@code setns(2)}, which moves
 * that one thread alone), makes and binds the sockets, and goes back. The thread ends after, so even a failed
 * way back leaves no thread of the daemon in a container's namespace.
 */
final class NetnsSockets {

    /** A UDP and a TCP socket on one address. */
    record Bound(DatagramChannel udp, ServerSocketChannel tcp) {
    }

    /** The libc functions, as glibc exports them (public for jnr-ffi's proxy). */
    public interface LibC {
        @SaveError
        int setns(int fd, int nstype);

        @SaveError
        int open(String path, int flags);

        int close(int fd);
    }

    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 02000000;

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getRuntime(LIBC);
    }

    private NetnsSockets() {
    }

    /** Binds UDP and TCP sockets to {@code at} inside the namespace that {@code netns} (a bind-mounted nsfs file) is. */
    static Bound bind(Path netns, InetSocketAddress at) throws IOException {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(bindInside(netns, at));
            } catch (IOException | RuntimeException | LinkageError e) {
                result.set(e);
            }
        }, "berth-netns-bind");
        t.setDaemon(true);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + at + " in " + netns, e);
        }
        Object r = result.get();
        if (r instanceof Bound b) {
            return b;
        }
        if (r instanceof IOException e) {
            throw e;
        }
        throw new IOException("cannot bind " + at + " in " + netns + ": " + r, (Throwable) r);
    }

    private static Bound bindInside(Path netns, InetSocketAddress at) throws IOException {
        LibC libc = Holder.LIBC;
        int home = libc.open("/proc/thread-self/ns/net", O_RDONLY_CLOEXEC);
        if (home < 0) {
            throw new IOException("open /proc/thread-self/ns/net: errno " + Holder.RUNTIME.getLastError());
        }
        int target = libc.open(netns.toString(), O_RDONLY_CLOEXEC);
        if (target < 0) {
            int errno = Holder.RUNTIME.getLastError();
            libc.close(home);
            throw new IOException("open " + netns + ": errno " + errno);
        }
        DatagramChannel udp = null;
        ServerSocketChannel tcp = null;
        try {
            if (libc.setns(target, CLONE_NEWNET) != 0) {
                throw new IOException("setns " + netns + ": errno " + Holder.RUNTIME.getLastError());
            }
            try {
                udp = DatagramChannel.open(StandardProtocolFamily.INET);
                udp.bind(at);
                tcp = ServerSocketChannel.open(StandardProtocolFamily.INET);
                tcp.bind(at, 64);
            } finally {
                if (libc.setns(home, CLONE_NEWNET) != 0) {
                    // the thread ends now: nothing else runs in the container's namespace
                    throw new IOException("setns back to the daemon's namespace: errno " + Holder.RUNTIME.getLastError());
                }
            }
            Bound bound = new Bound(udp, tcp);
            udp = null;
            tcp = null;
            return bound;
        } finally {
            if (udp != null) {
                udp.close();
            }
            if (tcp != null) {
                tcp.close();
            }
            libc.close(target);
            libc.close(home);
        }
    }
}
