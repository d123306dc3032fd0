package dev.berth.driver.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.network.Ipv4Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsMessageTest {

    @Test
    void parseQuestion_query_readsIdNameTypeLowerCased() {
        byte[] q = DnsMessage.query(0x1234, "Web.Example", DnsMessage.TYPE_A);
        DnsMessage.Question question = DnsMessage.parseQuestion(q, q.length);
        assertThat(question.id()).isEqualTo(0x1234);
        assertThat(question.name()).isEqualTo("web.example");
        assertThat(question.type()).isEqualTo(DnsMessage.TYPE_A);
        assertThat(question.isQuery()).isTrue();
        assertThat(question.questionEnd()).isEqualTo(q.length);
    }

    @Test
    void answer_twoAddresses_roundTripsThroughParseResponse() {
        byte[] q = DnsMessage.query(7, "web", DnsMessage.TYPE_A);
        DnsMessage.Question question = DnsMessage.parseQuestion(q, q.length);
        byte[] a = DnsMessage.answer(q, question, List.of(Ipv4Cidr.parseAddress("10.213.1.2"),
                Ipv4Cidr.parseAddress("10.213.1.3")), DnsMessage.NOERROR);
        DnsMessage.Response r = DnsMessage.parseResponse(a, a.length);
        assertThat(r.id()).isEqualTo(7);
        assertThat(r.rcode()).isEqualTo(DnsMessage.NOERROR);
        assertThat(r.addresses()).containsExactly("10.213.1.2", "10.213.1.3");
        assertThat(a[2] & 0x80).isEqualTo(0x80); // QR
        assertThat(a[2] & 0x01).isEqualTo(0x01); // RD echoed
    }

    @Test
    void answer_nxdomain_hasRcodeAndNoAnswers() {
        byte[] q = DnsMessage.query(9, "nope", DnsMessage.TYPE_A);
        byte[] a = DnsMessage.answer(q, DnsMessage.parseQuestion(q, q.length), List.of(), DnsMessage.NXDOMAIN);
        DnsMessage.Response r = DnsMessage.parseResponse(a, a.length);
        assertThat(r.rcode()).isEqualTo(DnsMessage.NXDOMAIN);
        assertThat(r.addresses()).isEmpty();
    }

    @Test
    void readName_compressionPointerLoop_isRejected() {
        byte[] msg = new byte[14];
        msg[5] = 1;
        msg[12] = (byte) 0xc0;
        msg[13] = 12;
        assertThatThrownBy(() -> DnsMessage.parseQuestion(msg, msg.length)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseQuestion_short_isRejected() {
        assertThatThrownBy(() -> DnsMessage.parseQuestion(new byte[5], 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
