package dev.berth.driver.bridge;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network's resolver, on the gateway address, UDP and TCP port 53: answers A queries for the
 * names the engine registered on that network and relays everything else to the host's resolvers.
 * The server runs in the host namespace, so it reaches the same upstreams the host uses. One
 * receiving thread per protocol; lookups that go upstream run on the shared executor so a slow
 * upstream never stalls local answers.
 */
final class DnsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    private static final int UPSTREAM_TIMEOUT_MS = 2_000;

    private final InetSocketAddress address;
    private final Names names;
    private final List<InetSocketAddress> upstreams;
    private final ExecutorService executor;
    private DatagramChannel udp;
    private ServerSocketChannel tcp;

    /** The names this server answers for. */
    @FunctionalInterface
    interface Names {
        /** A registered name's IPv4 addresses as the asking client sees them, or null when the name is not ours. */
        List<Integer> resolve(String name, InetAddress client);

        /** The same name's IPv6 addresses (16 bytes each), for AAAA questions; empty when it has none. */
        default List<byte[]> resolve6(String name, InetAddress client) {
            return List.of();
        }

        /** Where the client's other queries go: null for the server's upstreams (a container's own {@code --dns}). */
        default List<InetSocketAddress> upstreams(InetAddress client) {
            return null;
        }
    }

    /**
     * @param names     what a name resolves to for the client that asks
     * @param upstreams empty: unknown names get NXDOMAIN (internal networks, or none configured)
     */
    DnsServer(InetSocketAddress address, Names names, List<InetSocketAddress> upstreams,
            ExecutorService executor) {
        this.address = address;
        this.names = names;
        this.upstreams = List.copyOf(upstreams);
        this.executor = executor;
    }

    /**
     * A server on sockets bound already (in a container's own network namespace: {@link NetnsSockets}); it closes
     * them when closed.
     */
    DnsServer(NetnsSockets.Bound bound, Names names, List<InetSocketAddress> upstreams, ExecutorService executor)
            throws IOException {
        this((InetSocketAddress) bound.udp().getLocalAddress(), names, upstreams, executor);
        this.udp = bound.udp();
        this.tcp = bound.tcp();
    }

    DnsServer start() throws IOException {
        if (udp == null) {
            udp = DatagramChannel.open();
            try {
                udp.bind(address);
                tcp = ServerSocketChannel.open();
                tcp.bind(address, 64);
            } catch (IOException e) {
                close();
                throw e;
            }
        }
        daemon("berth-dns-udp-" + address, this::serveUdp).start();
        daemon("berth-dns-tcp-" + address, this::serveTcp).start();
        return this;
    }

    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) udp.getLocalAddress();
    }

    int tcpPort() throws IOException {
        return ((InetSocketAddress) tcp.getLocalAddress()).getPort();
    }

    private void serveUdp() {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (udp.isOpen()) {
            try {
                buf.clear();
                SocketAddress client = udp.receive(buf);
                byte[] msg = Arrays.copyOf(buf.array(), buf.position());
                InetAddress from = ((InetSocketAddress) client).getAddress();
                byte[] local = localAnswer(msg, from);
                if (local != null) {
                    udp.send(ByteBuffer.wrap(local), client);
                } else {
                    executor.execute(() -> {
                        try {
                            udp.send(ByteBuffer.wrap(forwardUdp(msg, upstreams(from))), client);
                        } catch (IOException e) {
                            LOG.debug("dns reply to {} failed: {}", client, e.toString());
                        }
                    });
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RejectedExecutionException e) {
                LOG.debug("dns udp on {}: {}", address, e.toString());
            }
        }
    }

    private void serveTcp() {
        while (tcp.isOpen()) {
            try {
                SocketChannel conn = tcp.accept();
                executor.execute(() -> serveTcpConnection(conn));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RejectedExecutionException e) {
                LOG.debug("dns tcp on {}: {}", address, e.toString());
            }
        }
    }

    private void serveTcpConnection(SocketChannel conn) {
        try (Socket s = conn.socket()) {
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            while (true) {
                int len;
                try {
                    len = in.readUnsignedShort();
                } catch (IOException eof) {
                    return;
                }
                byte[] msg = in.readNBytes(len);
                byte[] local = localAnswer(msg, s.getInetAddress());
                byte[] reply = local != null ? local : forwardTcp(msg, upstreams(s.getInetAddress()));
                out.writeShort(reply.length);
                out.write(reply);
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("dns tcp connection: {}", e.toString());
        }
    }

    /** Our answer to {@code client}, or null when the query must go upstream. */
    byte[] localAnswer(byte[] msg, InetAddress client) {
        DnsMessage.Question q;
        try {
            q = DnsMessage.parseQuestion(msg, msg.length);
        } catch (IllegalArgumentException e) {
            return DnsMessage.formatError(msg, msg.length);
        }
        if (!q.isQuery()) {
            return DnsMessage.formatError(msg, msg.length);
        }
        List<Integer> ips = q.qclass() == DnsMessage.CLASS_IN ? names.resolve(q.name(), client) : null;
        if (ips != null) {
            // a name of ours with no record of this type (AAAA on a network without IPv6, say): NOERROR and no
            // answers, so the client does not go on to search elsewhere
            boolean a = q.type() == DnsMessage.TYPE_A || q.type() == DnsMessage.TYPE_ANY;
            boolean aaaa = q.type() == DnsMessage.TYPE_AAAA || q.type() == DnsMessage.TYPE_ANY;
            return DnsMessage.answer(msg, q, a ? ips : List.of(), aaaa ? names.resolve6(q.name(), client) : List.of(),
                    DnsMessage.NOERROR);
        }
        if (upstreams(client).isEmpty()) {
            return DnsMessage.answer(msg, q, List.of(), DnsMessage.NXDOMAIN);
        }
        return null;
    }

    /** The client's own upstreams, else this server's. */
    private List<InetSocketAddress> upstreams(InetAddress client) {
        List<InetSocketAddress> own = names.upstreams(client);
        return own != null ? own : upstreams;
    }

    private byte[] forwardUdp(byte[] msg, List<InetSocketAddress> upstreams) {
        for (InetSocketAddress upstream : upstreams) {
            try (DatagramSocket s = new DatagramSocket()) {
                s.setSoTimeout(UPSTREAM_TIMEOUT_MS);
                s.connect(upstream);
                s.send(new DatagramPacket(msg, msg.length));
                byte[] buf = new byte[4096];
                DatagramPacket reply = new DatagramPacket(buf, buf.length);
                s.receive(reply);
                if (reply.getLength() >= 2 && buf[0] == msg[0] && buf[1] == msg[1]) {
                    return Arrays.copyOf(buf, reply.getLength());
                }
            } catch (IOException e) {
                LOG.debug("dns upstream {} failed: {}", upstream, e.toString());
            }
        }
        return servfail(msg);
    }

    private byte[] forwardTcp(byte[] msg, List<InetSocketAddress> upstreams) {
        for (InetSocketAddress upstream : upstreams) {
            try (Socket s = new Socket()) {
                s.connect(upstream, UPSTREAM_TIMEOUT_MS);
                s.setSoTimeout(UPSTREAM_TIMEOUT_MS);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeShort(msg.length);
                out.write(msg);
                out.flush();
                DataInputStream in = new DataInputStream(s.getInputStream());
                return in.readNBytes(in.readUnsignedShort());
            } catch (IOException e) {
                LOG.debug("dns upstream {} (tcp) failed: {}", upstream, e.toString());
            }
        }
        return servfail(msg);
    }

    private static byte[] servfail(byte[] msg) {
        DnsMessage.Question q = DnsMessage.parseQuestion(msg, msg.length);
        return DnsMessage.answer(msg, q, List.of(), DnsMessage.SERVFAIL);
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        try {
            if (udp != null) {
                udp.close();
            }
            if (tcp != null) {
                tcp.close();
            }
        } catch (IOException e) {
            LOG.debug("dns close: {}", e.toString());
        }
    }
}
