package dev.berth.spi.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Ipv4CidrTest {

    @Test
    void parse_cidr_roundTrips() {
        Ipv4Cidr c = Ipv4Cidr.parse("10.213.1.5/24");
        assertThat(c.toString()).isEqualTo("10.213.1.5/24");
        assertThat(c.network().toString()).isEqualTo("10.213.1.0/24");
        assertThat(c.contains("10.213.1.200")).isTrue();
        assertThat(c.contains("10.213.2.1")).isFalse();
    }

    @Test
    void parse_garbage_isInvalid() {
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.1.2/24")).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.1.2.256")).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.1.2.3/33")).isInstanceOf(EngineException.class);
    }

    @Test
    void overlaps_nestedAndDisjoint() {
        assertThat(Ipv4Cidr.parse("10.0.0.0/8").overlaps(Ipv4Cidr.parse("10.213.1.0/24"))).isTrue();
        assertThat(Ipv4Cidr.parse("10.213.1.0/24").overlaps(Ipv4Cidr.parse("10.213.2.0/24"))).isFalse();
    }

    @Test
    void networkSpec_derivesBridgeNames() {
        String id = "0123456789abcdef".repeat(4);
        assertThat(new NetworkSpec(id, "n", null, "10.213.1.0/24", "10.213.1.1", null, false, false, Map.of(), Map.of())
                .bridgeName()).isEqualTo("br-0123456789ab");
        assertThat(new NetworkSpec(id, "bridge", null, "10.213.1.0/24", "10.213.1.1", null, false, true, Map.of(),
                Map.of()).bridgeName()).isEqualTo("berth0");
        assertThat(new NetworkSpec(id, "n", null, "10.213.1.0/24", "10.213.1.1", null, false, false,
                Map.of(NetworkSpec.BRIDGE_NAME_OPTION, "mybr0"), Map.of()).bridgeName()).isEqualTo("mybr0");
    }

    @Test
    void networkSpec_gatewayOutsideSubnet_isInvalid() {
        String id = "0123456789abcdef".repeat(4);
        assertThatThrownBy(() -> new NetworkSpec(id, "n", null, "10.213.1.0/24", "10.213.2.1", null, false, false,
                Map.of(), Map.of())).isInstanceOf(EngineException.class).hasMessageContaining("10.213.2.1");
        assertThatThrownBy(() -> new NetworkSpec(id, "n", null, "10.213.1.1/24", "10.213.1.1", null, false, false,
                Map.of(), Map.of())).isInstanceOf(EngineException.class);
    }

    @Test
    void endpointSpec_noMac_derivesDockersMac() {
        EndpointSpec e = new EndpointSpec("n", "c", java.nio.file.Path.of("/x"), null, "172.17.0.2/16", null,
                "172.17.0.1", null, null);
        assertThat(e.mac()).isEqualTo("02:42:ac:11:00:02");
        assertThat(e.interfaceName()).isEqualTo("eth0");
        assertThat(e.ip()).isEqualTo("172.17.0.2");
    }

    @Test
    void portMapping_clashes_onAnyAddress() {
        PortMapping any = PortMapping.tcp(8080, 80);
        assertThat(any.clashesWith(new PortMapping("127.0.0.1", 8080, 81, "tcp"))).isTrue();
        assertThat(any.clashesWith(new PortMapping("127.0.0.1", 8080, 81, "udp"))).isFalse();
        assertThat(new PortMapping("127.0.0.1", 8080, 81, "tcp")
                .clashesWith(new PortMapping("10.0.0.1", 8080, 81, "tcp"))).isFalse();
    }
}
