package dev.berth.driver.bridge;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A DNS server on loopback that knows a few names and says NXDOMAIN to the rest. */
final class FakeUpstream implements AutoCloseable {

    private final DatagramSocket socket;
    private final Map<String, Integer> known;

    FakeUpstream(Map<String, String> known) throws IOException {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.known = known.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> dev.berth.spi.network.Ipv4Cidr.parseAddress(e.getValue())));
        Thread t = new Thread(this::serve, "fake-upstream");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                byte[] msg = Arrays.copyOf(buf, p.getLength());
                DnsMessage.Question q = DnsMessage.parseQuestion(msg, msg.length);
                Integer ip = known.get(q.name());
                byte[] reply = ip == null ? DnsMessage.answer(msg, q, List.of(), DnsMessage.NXDOMAIN)
                        : DnsMessage.answer(msg, q, q.type() == DnsMessage.TYPE_A ? List.of(ip) : List.of(),
                                DnsMessage.NOERROR);
                socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                // closed, or garbage: keep serving
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
