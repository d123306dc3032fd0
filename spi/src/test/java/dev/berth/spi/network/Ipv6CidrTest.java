package dev.berth.spi.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.spi.EngineException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Ipv6CidrTest {

    /** RFC 5952's text, as Go's netip writes it: the same address in any form prints one way. */
    @ParameterizedTest
    @CsvSource({
        "fd00:b1::1, fd00:b1::1",
        "FD00:00B1:0000:0000:0000:0000:0000:0001, fd00:b1::1",
        "::, ::",
        "::1, ::1",
        "1::, 1::",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "::ffff:10.1.2.3, ::ffff:10.1.2.3",
        "0:0:0:0:0:ffff:a01:203, ::ffff:10.1.2.3",
        "fdda:bd4:758f:0:0:0:0:0, fdda:bd4:758f::",
    })
    void text_isRfc5952(String written, String canonical) {
        assertEquals(canonical, Ipv6Cidr.canonical(written));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3.4", "fd00", ":1", "1:", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
            "12345::", "g::1", "fe80::1%eth0", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4"})
    void malformed_isRefused(String text) {
        assertFalse(Ipv6Cidr.isAddress(text));
        assertThrows(EngineException.class, () -> Ipv6Cidr.parseAddress(text));
    }

    @Test
    void subnets_containTheirAddresses() {
        Ipv6Cidr net = Ipv6Cidr.parse("fd00:b1::5/64");
        assertEquals("fd00:b1::/64", net.network().toString());
        assertEquals("fd00:b1::5/64", net.toString());
        assertTrue(net.contains(Ipv6Cidr.parseAddress("fd00:b1::ffff:ffff:ffff:ffff")));
        assertFalse(net.contains(Ipv6Cidr.parseAddress("fd00:b1:0:1::")));
        assertEquals(Ipv6Cidr.parseAddress("fd00:b1::ffff:ffff:ffff:ffff"), net.last());
        assertTrue(net.overlaps(Ipv6Cidr.parse("fd00:b1::/80")));
        assertFalse(net.overlaps(Ipv6Cidr.parse("fd00:b2::/64")));
        assertEquals(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE), Ipv6Cidr.parse("::/0").last());
        assertThrows(EngineException.class, () -> Ipv6Cidr.parse("fd00::/129"));
        assertThrows(EngineException.class, () -> Ipv6Cidr.parse("fd00::/"));
    }

    @Test
    void specs_keepIpv6Canonical_andRefuseHalfOfIt() {
        var net = new NetworkSpec("a".repeat(64), "n6", null, "10.1.0.0/24", "10.1.0.1", null, false, false, Map.of(),
                Map.of(), "FD00:B1:0::/64", "fd00:b1:0::1");
        assertEquals("fd00:b1::/64", net.subnet6());
        assertEquals("fd00:b1::1", net.gateway6());
        assertEquals("fd00:b1::1/64", net.gateway6Cidr().toString());
        assertTrue(net.ipv6());
        var v4 = new NetworkSpec("a".repeat(64), "n4", null, "10.1.0.0/24", "10.1.0.1", null, false, false, Map.of(),
                Map.of());
        assertFalse(v4.ipv6());
        assertNull(v4.gateway6Cidr());
        assertThrows(EngineException.class, () -> new NetworkSpec("a".repeat(64), "n", null, "10.1.0.0/24", "10.1.0.1",
                null, false, false, Map.of(), Map.of(), "fd00:b1::/64", null));
        assertThrows(EngineException.class, () -> new NetworkSpec("a".repeat(64), "n", null, "10.1.0.0/24", "10.1.0.1",
                null, false, false, Map.of(), Map.of(), "fd00:b1::/64", "fd00:b2::1"));
        assertThrows(EngineException.class, () -> new NetworkSpec("a".repeat(64), "n", null, "10.1.0.0/24", "10.1.0.1",
                null, false, false, Map.of(), Map.of(), "fd00:b1::1/64", "fd00:b1::1"));

        var ep = new EndpointSpec("a".repeat(64), "b".repeat(64), Path.of("/run/netns/x"), "eth0", "10.1.0.2/24", null,
                "10.1.0.1", List.of(), List.of(), Map.of(), List.of(), "fd00:b1:0::2/64", "fd00:b1::1");
        assertEquals("fd00:b1::2/64", ep.ipv6());
        assertEquals("fd00:b1::2", ep.ip6());
        assertEquals("fd00:b1::2/64", ep.withPorts(List.of()).ipv6());
        assertNull(new EndpointSpec("a".repeat(64), "b".repeat(64), Path.of("/run/netns/x"), "eth0", "10.1.0.2/24",
                null, null, List.of(), List.of(), Map.of(), List.of()).ip6());
        assertThrows(EngineException.class, () -> new EndpointSpec("a".repeat(64), "b".repeat(64),
                Path.of("/run/netns/x"), "eth0", "10.1.0.2/24", null, null, List.of(), List.of(), Map.of(), List.of(),
                "fd00:b1::2", null));
    }
}
