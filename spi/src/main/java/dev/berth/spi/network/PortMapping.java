package dev.berth.spi.network;

import dev.berth.spi.EngineException;
import java.util.Locale;

/**
 * One published port: traffic to {@code hostIp:hostPort} on the host goes to the endpoint's
 * address at {@code containerPort}. The engine chooses {@code hostPort} (also for {@code -p 80},
 * where it picks a free one); the driver only wires it.
 *
 * <p>Since 1.6 the host address may be IPv6's ({@link #ipv6()}): {@code ::} for every IPv6 host address, or one
 * of them. Such a mapping goes to the endpoint's IPv6 address ({@link EndpointSpec#ip6()}), and the engine gives
 * one only to an endpoint that has an IPv6 address (so only to drivers that wire IPv6). A {@code -p 8080:80}
 * that names no address reaches such an endpoint as two mappings, {@code 0.0.0.0} and {@code ::}, as dockerd
 * binds both.
 *
 * @param hostIp        {@code 0.0.0.0} for every IPv4 host address, {@code ::} for every IPv6 one, or one host
 *                      address (e.g. {@code 127.0.0.1}); IPv6 text is RFC 5952's
 * @param hostPort      1..65535
 * @param containerPort 1..65535
 * @param protocol      {@code tcp}, {@code udp} or {@code sctp}
 */
public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {

    public static final String ANY = "0.0.0.0";
    /** Every IPv6 host address (since 1.6). */
    public static final String ANY6 = "::";

    public PortMapping {
        hostIp = hostIp == null || hostIp.isEmpty() ? ANY : hostIp;
        if (hostIp.indexOf(':') >= 0) {
            hostIp = Ipv6Cidr.canonical(hostIp);
        } else {
            Ipv4Cidr.parseAddress(hostIp);
        }
        if (hostPort < 1 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
            throw EngineException.invalid("invalid port mapping " + hostPort + ":" + containerPort);
        }
        protocol = protocol == null || protocol.isEmpty() ? "tcp" : protocol.toLowerCase(Locale.ROOT);
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
            throw EngineException.invalid("invalid proto: " + protocol);
        }
    }

    public static PortMapping tcp(int hostPort, int containerPort) {
        return new PortMapping(ANY, hostPort, containerPort, "tcp");
    }

    /** Every host address of the mapping's family: {@code 0.0.0.0} or {@code ::}. */
    public boolean anyHostIp() {
        return ANY.equals(hostIp) || ANY6.equals(hostIp);
    }

    /** Whether the host address is IPv6's (since 1.6). */
    public boolean ipv6() {
        return hostIp.indexOf(':') >= 0;
    }

    /**
     * Whether both claim the same host port: same protocol and port, the same address family, and one address
     * covers the other.
     */
    public boolean clashesWith(PortMapping other) {
        return hostPort == other.hostPort && protocol.equals(other.protocol) && ipv6() == other.ipv6()
                && (anyHostIp() || other.anyHostIp() || hostIp.equals(other.hostIp));
    }
}
