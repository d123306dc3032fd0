package dev.berth.actors.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import jnr.ffi.LibraryLoader;

/** A connected AF_UNIX datagram socket through libc (the JDK's unix sockets are streams only). */
final class UnixDatagram implements Reconnecting.Connection {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;

    public interface LibC {
        int socket(int domain, int type, int protocol);

        int connect(int fd, byte[] address, int length);

        long send(int fd, byte[] buffer, long length, int flags);

        int close(int fd);
    }

    private static volatile LibC libc;
    private final int fd;

    private UnixDatagram(int fd) {
        this.fd = fd;
    }

    static UnixDatagram connect(String path) throws IOException {
        LibC c = libc();
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length >= 108) {
            throw new IOException("socket path too long: " + path);
        }
        byte[] address = new byte[2 + 108];
        address[0] = (byte) AF_UNIX; // sa_family, little-endian
        System.arraycopy(name, 0, address, 2, name.length);
        int fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("socket: cannot make a unix datagram socket");
        }
        if (c.connect(fd, address, 2 + name.length + 1) != 0) {
            c.close(fd);
            throw new IOException("dial unixgram " + path + ": connect failed");
        }
        return new UnixDatagram(fd);
    }

    private static LibC libc() throws IOException {
        LibC c = libc;
        if (c == null) {
            try {
                c = LibraryLoader.create(LibC.class).load("c");
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                throw new IOException("unix datagram sockets: " + e.getMessage(), e);
            }
            libc = c;
        }
        return c;
    }

    @Override
    public void send(byte[] message) throws IOException {
        if (libc.send(fd, message, message.length, MSG_NOSIGNAL) != message.length) {
            throw new IOException("write unixgram: the socket took no message");
        }
    }

    @Override
    public void close() {
        libc.close(fd);
    }
}
