package dev.berth.spi.network;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.spi.ContractAssertions;
import dev.berth.spi.EngineException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Ipv4CidrTest {

    @Test
    void parse_cidr_roundTrips() {
        Ipv4Cidr c = Ipv4Cidr.parse("10.213.1.5/24");
        assertEquals("10.213.1.5/24", c.toString());
        assertEquals("10.213.1.0/24", c.network().toString());
        assertTrue(c.contains("10.213.1.200"));
        assertFalse(c.contains("10.213.2.1"));
    }

    @Test
    void parse_garbage_isInvalid() {
        assertThrows(EngineException.class, () -> Ipv4Cidr.parse("10.1.2/24"));
        assertThrows(EngineException.class, () -> Ipv4Cidr.parse("10.1.2.256"));
        assertThrows(EngineException.class, () -> Ipv4Cidr.parse("10.1.2.3/33"));
    }

    @Test
    void overlaps_nestedAndDisjoint() {
        assertTrue(Ipv4Cidr.parse("10.0.0.0/8").overlaps(Ipv4Cidr.parse("10.213.1.0/24")));
        assertFalse(Ipv4Cidr.parse("10.213.1.0/24").overlaps(Ipv4Cidr.parse("10.213.2.0/24")));
    }

    @Test
    void networkSpec_derivesBridgeNames() {
        String id = "0123456789abcdef".repeat(4);
        assertEquals("br-0123456789ab", new NetworkSpec(id, "n", null, "10.213.1.0/24", "10.213.1.1", null, false,
                false, Map.of(), Map.of()).bridgeName());
        assertEquals("berth0", new NetworkSpec(id, "bridge", null, "10.213.1.0/24", "10.213.1.1", null, false, true,
                Map.of(), Map.of()).bridgeName());
        assertEquals("mybr0", new NetworkSpec(id, "n", null, "10.213.1.0/24", "10.213.1.1", null, false, false,
                Map.of(NetworkSpec.BRIDGE_NAME_OPTION, "mybr0"), Map.of()).bridgeName());
    }

    @Test
    void networkSpec_gatewayOutsideSubnet_isInvalid() {
        String id = "0123456789abcdef".repeat(4);
        EngineException thrown = assertThrows(EngineException.class, () -> new NetworkSpec(id, "n", null,
                "10.213.1.0/24", "10.213.2.1", null, false, false, Map.of(), Map.of()));
        ContractAssertions.assertContains(thrown.getMessage(), "10.213.2.1");
        assertThrows(EngineException.class, () -> new NetworkSpec(id, "n", null, "10.213.1.1/24", "10.213.1.1", null,
                false, false, Map.of(), Map.of()));
    }

    @Test
    void endpointSpec_noMac_derivesDockersMac() {
        EndpointSpec e = new EndpointSpec("n", "c", java.nio.file.Path.of("/x"), null, "172.17.0.2/16", null,
                "172.17.0.1", null, null);
        assertEquals("02:42:ac:11:00:02", e.mac());
        assertEquals("eth0", e.interfaceName());
        assertEquals("172.17.0.2", e.ip());
    }

    @Test
    void portMapping_clashes_onAnyAddress() {
        PortMapping any = PortMapping.tcp(8080, 80);
        assertTrue(any.clashesWith(new PortMapping("127.0.0.1", 8080, 81, "tcp")));
        assertFalse(any.clashesWith(new PortMapping("127.0.0.1", 8080, 81, "udp")));
        assertFalse(new PortMapping("127.0.0.1", 8080, 81, "tcp")
                .clashesWith(new PortMapping("10.0.0.1", 8080, 81, "tcp")));
    }

    @Test
    void portMapping_ipv6HostAddress_canonicalText_clashesOnlyWithinItsFamily() {
        PortMapping any6 = new PortMapping("::", 8080, 80, "tcp");
        assertTrue(any6.ipv6());
        assertTrue(any6.anyHostIp());
        assertEquals("fd00:1::5", new PortMapping("FD00:1:0:0::5", 8080, 80, "tcp").hostIp());
        assertFalse(new PortMapping("fd00:1::5", 8080, 80, "tcp").anyHostIp());
        assertTrue(any6.clashesWith(new PortMapping("fd00:1::5", 8080, 81, "tcp")));
        // IPv4's 0.0.0.0 and IPv6's :: are two sockets (two DNAT tables): no clash between them
        assertFalse(any6.clashesWith(PortMapping.tcp(8080, 80)));
        assertFalse(PortMapping.tcp(8080, 80).ipv6());
        EngineException bad = assertThrows(EngineException.class, () -> new PortMapping("fd00::1::2", 8080, 80, "tcp"));
        assertEquals("invalid IPv6 address: fd00::1::2", bad.getMessage());
    }
}
