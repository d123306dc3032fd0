package dev.berth.driver.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.spi.network.Ipv4Cidr;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The embedded DNS on loopback, against a fake upstream: no root needed. */
class DnsServerTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private FakeUpstream upstream;
    private DnsServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        executor.shutdownNow();
    }

    private DnsServer start(List<InetSocketAddress> upstreams) throws Exception {
        server = new DnsServer(new InetSocketAddress("127.0.0.1", 0),
                (name, client) -> name.equals("web") ? List.of(Ipv4Cidr.parseAddress("10.213.9.2")) : null, upstreams, executor)
                .start();
        return server;
    }

    private DnsMessage.Response udp(String name, int type) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(5_000);
            byte[] q = DnsMessage.query(42, name, type);
            s.send(new DatagramPacket(q, q.length, server.localAddress()));
            byte[] buf = new byte[4096];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            return DnsMessage.parseResponse(buf, p.getLength());
        }
    }

    @Test
    void udp_registeredName_answersItsAddress() throws Exception {
        start(List.of());
        DnsMessage.Response r = udp("WEB", DnsMessage.TYPE_A);
        assertThat(r.id()).isEqualTo(42);
        assertThat(r.rcode()).isEqualTo(DnsMessage.NOERROR);
        assertThat(r.addresses()).containsExactly("10.213.9.2");
    }

    @Test
    void udp_registeredNameAaaa_isNoErrorWithoutAnswers() throws Exception {
        start(List.of());
        DnsMessage.Response r = udp("web", DnsMessage.TYPE_AAAA);
        assertThat(r.rcode()).isEqualTo(DnsMessage.NOERROR);
        assertThat(r.addresses()).isEmpty();
    }

    @Test
    void udp_unknownNameWithoutUpstream_isNxdomain() throws Exception {
        start(List.of());
        assertThat(udp("elsewhere.test", DnsMessage.TYPE_A).rcode()).isEqualTo(DnsMessage.NXDOMAIN);
    }

    @Test
    void udp_unknownName_isForwardedAndUpstreamAnswerRelayed() throws Exception {
        upstream = new FakeUpstream(Map.of("upstream.test", "192.0.2.7"));
        start(List.of(new InetSocketAddress("127.0.0.1", upstream.port())));
        assertThat(udp("upstream.test", DnsMessage.TYPE_A).addresses()).containsExactly("192.0.2.7");
        assertThat(udp("missing.test", DnsMessage.TYPE_A).rcode()).isEqualTo(DnsMessage.NXDOMAIN);
    }

    @Test
    void udp_upstreamSilent_isServfail() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0)) {
            start(List.of(new InetSocketAddress("127.0.0.1", silent.getLocalPort())));
            assertThat(udp("upstream.test", DnsMessage.TYPE_A).rcode()).isEqualTo(DnsMessage.SERVFAIL);
        }
    }

    @Test
    void tcp_registeredName_answersWithLengthPrefix() throws Exception {
        start(List.of());
        try (Socket s = new Socket("127.0.0.1", server.tcpPort())) {
            byte[] q = DnsMessage.query(5, "web", DnsMessage.TYPE_A);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeShort(q.length);
            out.write(q);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] reply = in.readNBytes(in.readUnsignedShort());
            assertThat(DnsMessage.parseResponse(reply, reply.length).addresses()).containsExactly("10.213.9.2");
        }
    }
}
