package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void expand_portsRangesAndProtocols() {
        assertThat(Ports.expand("80")).containsExactly("80/tcp");
        assertThat(Ports.expand("53/UDP")).containsExactly("53/udp");
        assertThat(Ports.expand("8000-8002")).containsExactly("8000/tcp", "8001/tcp", "8002/tcp");
    }

    @Test
    void expand_badSpec_invalid() {
        assertThatThrownBy(() -> Ports.expand("http")).hasMessage("invalid containerPort: http");
        assertThatThrownBy(() -> Ports.expand("80/xyz")).hasMessage("invalid proto: xyz");
    }
}
