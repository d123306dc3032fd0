package dev.berth.spi.network;

import dev.berth.spi.EngineException;
import java.util.Locale;

/**
 * One published port: traffic to {@code hostIp:hostPort} on the host goes to the endpoint's
 * address at {@code containerPort}. The engine chooses {@code hostPort} (also for {@code -p 80},
 * where it picks a free one); the driver only wires it.
 *
 * @param hostIp        {@code 0.0.0.0} for every host address, or one host address (e.g. {@code 127.0.0.1})
 * @param hostPort      1..65535
 * @param containerPort 1..65535
 * @param protocol      {@code tcp}, {@code udp} or {@code sctp}
 */
public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {

    public static final String ANY = "0.0.0.0";

    public PortMapping {
        hostIp = hostIp == null || hostIp.isEmpty() ? ANY : hostIp;
        Ipv4Cidr.parseAddress(hostIp);
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

    public boolean anyHostIp() {
        return ANY.equals(hostIp);
    }

    /** Whether both claim the same host port: same protocol and port, and one address covers the other. */
    public boolean clashesWith(PortMapping other) {
        return hostPort == other.hostPort && protocol.equals(other.protocol)
                && (anyHostIp() || other.anyHostIp() || hostIp.equals(other.hostIp));
    }
}
