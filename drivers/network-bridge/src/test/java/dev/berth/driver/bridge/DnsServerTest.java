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

    /** "web" on a network with IPv6: an A and an AAAA record. */
    private DnsServer startWithIpv6() throws Exception {
        server = new DnsServer(new InetSocketAddress("127.0.0.1", 0), new DnsServer.Names() {
            @Override
            public List<Integer> resolve(String name, java.net.InetAddress client) {
                return name.equalsIgnoreCase("web") ? List.of(Ipv4Cidr.parseAddress("10.213.9.2")) : null;
            }

            @Override
            public List<byte[]> resolve6(String name, java.net.InetAddress client) {
                return name.equalsIgnoreCase("web") ? NetworkState.ipv6Of(List.of(new dev.berth.spi.network.EndpointSpec(
                        "a".repeat(64), "b".repeat(64), java.nio.file.Path.of("/x"), "eth0", "10.213.9.2/24", null, null,
                        List.of("web"), List.of(), java.util.Map.of(), List.of(), "fd00:b1::2/64", null))) : List.of();
            }
        }, List.of(), executor).start();
        return server;
    }

    @Test
    void udp_nameWithIpv6_answersAaaa_andAnyGetsBoth() throws Exception {
        startWithIpv6();
        DnsMessage.Response aaaa = udp("Web", DnsMessage.TYPE_AAAA);
        assertThat(aaaa.rcode()).isEqualTo(DnsMessage.NOERROR);
        assertThat(aaaa.addresses()).containsExactly("fd00:b1::2");
        assertThat(udp("web", DnsMessage.TYPE_A).addresses()).containsExactly("10.213.9.2");
        assertThat(udp("web", DnsMessage.TYPE_ANY).addresses()).containsExactly("10.213.9.2", "fd00:b1::2");
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
