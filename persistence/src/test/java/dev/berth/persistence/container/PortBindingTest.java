package dev.berth.persistence.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import org.junit.jupiter.api.Test;

class PortBindingTest {

    @Test
    void parse_keyWithProtocol_allParts() {
        assertThat(PortBinding.parse("53/udp", "127.0.0.1", "5353"))
                .isEqualTo(new PortBinding(53, PortBinding.Protocol.UDP, "127.0.0.1", 5353));
        assertThat(PortBinding.parse("132/sctp", "", "").protocol()).isEqualTo(PortBinding.Protocol.SCTP);
    }

    @Test
    void parse_keyWithoutProtocol_isTcp() {
        assertThat(PortBinding.parse("80", null, "8080"))
                .isEqualTo(new PortBinding(80, PortBinding.Protocol.TCP, "", 8080));
    }

    @Test
    void parse_emptyOrZeroHostPort_meansAnyFreePort() {
        assertThat(PortBinding.parse("80/tcp", "", "").hostPort()).isZero();
        assertThat(PortBinding.parse("80/tcp", "", null).hostPort()).isZero();
        assertThat(PortBinding.parse("80/tcp", "", "0").hostPort()).isZero();
    }

    @Test
    void parse_badContainerPort_dockersMessage() {
        assertThatThrownBy(() -> PortBinding.parse("http/tcp", "", ""))
                .isInstanceOf(EngineException.class).hasMessage("invalid port specification: \"http\"");
        assertThatThrownBy(() -> PortBinding.parse("70000/tcp", "", ""))
                .hasMessage("invalid port specification: \"70000\"");
        assertThatThrownBy(() -> PortBinding.parse("80-81/tcp", "", ""))
                .hasMessage("invalid port specification: \"80-81\"");
        assertThatThrownBy(() -> PortBinding.parse("0/tcp", "", ""))
                .hasMessage("invalid port specification: \"0\"");
    }

    @Test
    void parse_unknownProtocol_refused() {
        assertThatThrownBy(() -> PortBinding.parse("80/icmp", "", ""))
                .hasMessage("invalid port specification: \"80/icmp\"");
    }

    @Test
    void parse_badHostPort_dockersMessage() {
        assertThatThrownBy(() -> PortBinding.parse("80/tcp", "", "eighty"))
                .hasMessage("invalid port specification: \"eighty\"");
        assertThatThrownBy(() -> PortBinding.parse("80/tcp", "", "65536"))
                .hasMessage("invalid port specification: \"65536\"");
    }

    @Test
    void parse_hostPortRange_keptAsARangeToPickFrom() {
        PortBinding range = PortBinding.parse("80/tcp", "", "8000-8010");
        assertThat(range).isEqualTo(new PortBinding(80, PortBinding.Protocol.TCP, "", 8000, 8010));
        assertThat(range.hostRange()).isTrue();
        assertThat(range.hostPortText()).isEqualTo("8000-8010");
        // a range of one port is that port
        PortBinding one = PortBinding.parse("80/tcp", "", "8000-8000");
        assertThat(one).isEqualTo(new PortBinding(80, PortBinding.Protocol.TCP, "", 8000));
        assertThat(one.hostRange()).isFalse();
        assertThat(one.hostPortText()).isEqualTo("8000");
        assertThat(PortBinding.parse("80/tcp", "", "").hostPortText()).isEmpty();
    }

    @Test
    void parse_badHostPortRange_dockersMessage() {
        assertThatThrownBy(() -> PortBinding.parse("80/tcp", "", "8000-x"))
                .hasMessage("invalid port specification: \"8000-x\"");
        assertThatThrownBy(() -> PortBinding.parse("80/tcp", "", "8010-8000"))
                .hasMessage("invalid port specification: \"8010-8000\"");
        assertThatThrownBy(() -> PortBinding.parse("80/tcp", "", "0-8000"))
                .hasMessage("invalid port specification: \"0-8000\"");
        assertThatThrownBy(() -> PortBinding.parse("80/tcp", "", "8000-70000"))
                .hasMessage("invalid port specification: \"8000-70000\"");
    }

    @Test
    void new_hostIp_mustBeAnAddressNeverAName() {
        assertThat(new PortBinding(80, PortBinding.Protocol.TCP, "::1", 0).hostIp()).isEqualTo("::1");
        assertThat(new PortBinding(80, PortBinding.Protocol.TCP, "0.0.0.0", 0).hostIp()).isEqualTo("0.0.0.0");
        assertThatThrownBy(() -> new PortBinding(80, PortBinding.Protocol.TCP, "localhost", 0))
                .hasMessage("invalid IP address: localhost");
        assertThatThrownBy(() -> new PortBinding(80, PortBinding.Protocol.TCP, "1.2.3", 0))
                .hasMessage("invalid IP address: 1.2.3");
        assertThatThrownBy(() -> new PortBinding(80, PortBinding.Protocol.TCP, "1:2", 0))
                .hasMessage("invalid IP address: 1:2");
    }

    @Test
    void key_isDockersPortMapKey() {
        assertThat(PortBinding.parse("80", "", "").key()).isEqualTo("80/tcp");
    }
}
