package dev.berth.daemon.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.events.EventSink;
import dev.berth.spi.events.EventSinkContext;
import dev.berth.spi.events.EventSinkContract;
import dev.berth.spi.events.SinkEvent;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped syslog sink against a unix datagram socket this test binds (as {@code /dev/log} is one):
 * the sink contract, RFC 5424 framing; and over UDP to a loopback socket. No host syslog daemon involved.
 */
class SyslogSinkTest extends EventSinkContract {
    private static final Pattern RFC5424 = Pattern.compile(
            "<(\\d+)>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z) (\\S+) (\\S+) (\\d+) event - \uFEFF(.*)",
            Pattern.DOTALL);

    @TempDir
    Path dir;
    private Socket server;
    private Thread reader;
    private final List<String> datagrams = new CopyOnWriteArrayList<>();
    private volatile boolean reading = true;

    @BeforeEach
    void bind() throws Exception {
        Epoll.ensureAvailability();
        server = Socket.newSocketDomainDgram();
        server.bind(new DomainSocketAddress(dir.resolve("log").toString()));
        reader = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(65536);
            while (reading) {
                try {
                    buf.clear();
                    var from = server.recvFromDomainSocket(buf, 0, buf.capacity());
                    if (from == null || from.receivedAmount() <= 0) {
                        LockSupport.parkNanos(200_000);
                        continue;
                    }
                    byte[] bytes = new byte[from.receivedAmount()];
                    buf.get(0, bytes);
                    datagrams.add(new String(bytes, StandardCharsets.UTF_8));
                } catch (Exception e) {
                    return;
                }
            }
        });
        reader.start();
    }

    @AfterEach
    void unbind() throws Exception {
        reading = false;
        reader.join(2000);
        server.close();
    }

    @Override
    protected EventSink createSink() {
        return new SyslogSinkProvider().create(new EventSinkContext("syslog", dir,
                Map.of("address", "unix://" + dir.resolve("log"), "facility", "local3", "tag", "berth-test")));
    }

    @Override
    protected List<String> received() throws Exception {
        int seen = -1;
        while (seen != datagrams.size()) { // until the reader has nothing more for a moment
            seen = datagrams.size();
            Thread.sleep(100);
        }
        List<String> out = new ArrayList<>();
        for (String d : datagrams) {
            Matcher m = RFC5424.matcher(d);
            assertThat(m.matches()).as("RFC 5424 message: %s", d).isTrue();
            out.add(m.group(6));
        }
        return out;
    }

    @Test
    void deliver_frame_priorityFacilityTimesHostTagPid() throws Exception {
        EventSink sink = newSink();
        sink.deliver(List.of(new SinkEvent(3, 0, "{\"Action\":\"start\"}")));
        received();
        Matcher m = RFC5424.matcher(datagrams.get(0));
        assertThat(m.matches()).isTrue();
        assertThat(m.group(1)).isEqualTo(String.valueOf(19 * 8 + 6)); // local3, informational
        assertThat(m.group(4)).isEqualTo("berth-test");
        assertThat(m.group(5)).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
        assertThat(m.group(6)).isEqualTo("{\"Action\":\"start\"}");
    }

    @Test
    void deliver_udp_oneDatagramPerEvent() throws Exception {
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            udp.setSoTimeout(5000);
            EventSink sink = new SyslogSinkProvider().create(new EventSinkContext("udp", dir,
                    Map.of("address", "udp://127.0.0.1:" + udp.getLocalPort())));
            sink.deliver(List.of(new SinkEvent(1, 0, "{\"a\":1}"), new SinkEvent(1, 1, "{\"a\":2}")));
            sink.close();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
                udp.receive(p);
                Matcher m = RFC5424.matcher(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                assertThat(m.matches()).isTrue();
                assertThat(m.group(1)).isEqualTo("30"); // daemon, informational
                got.add(m.group(6));
            }
            assertThat(got).containsExactly("{\"a\":1}", "{\"a\":2}");
        }
    }

    @Test
    void deliver_socketGone_failsSoTheBatchIsRetried() throws Exception {
        EventSink sink = new SyslogSinkProvider().create(new EventSinkContext("gone", dir,
                Map.of("address", "unixgram://" + dir.resolve("no-such.sock"))));
        assertThatThrownBy(() -> sink.deliver(List.of(new SinkEvent(1, 0, "{}")))).isInstanceOf(Exception.class);
        sink.close();
    }

    @Test
    void create_badOptions_refusedNamingTheKey() {
        var provider = new SyslogSinkProvider();
        assertThatThrownBy(() -> provider.create(new EventSinkContext("s", dir, Map.of("facility", "kitchen"))))
                .hasMessageStartingWith("event-sinks: s: facility: unknown facility \"kitchen\" (one of [kern,");
        assertThatThrownBy(() -> provider.create(new EventSinkContext("s", dir, Map.of("address", "tcp://h:514"))))
                .hasMessage("event-sinks: s: address: \"tcp://h:514\": unix://, unixgram:// or udp:// "
                        + "(tcp and tls are not supported by Berth yet)");
    }
}
