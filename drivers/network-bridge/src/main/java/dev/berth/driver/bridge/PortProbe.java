package dev.berth.driver.bridge;

import dev.berth.spi.EngineException;
import dev.berth.spi.network.EndpointSpec;
import dev.berth.spi.network.PortMapping;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collection;

/**
 * Whether a host port is free. Two checks, as dockerd's port allocator plus its proxy's bind do:
 * our own bookkeeping (another endpoint of this daemon publishes it: DNAT alone would never notice)
 * and a brief bind on the host (a host process listens there).
 */
final class PortProbe {

    private PortProbe() {
    }

    static void checkFree(PortMapping wanted, Collection<PortMapping> published) {
        for (PortMapping p : published) {
            if (p.clashesWith(wanted)) {
                throw allocated(wanted);
            }
        }
        InetSocketAddress at = new InetSocketAddress(wanted.hostIp(), wanted.hostPort());
        try {
            switch (wanted.protocol()) {
                case "tcp" -> {
                    try (ServerSocket s = new ServerSocket()) {
                        s.setReuseAddress(true);
                        s.bind(at);
                    }
                }
                case "udp" -> {
                    try (DatagramSocket s = new DatagramSocket(null)) {
                        s.bind(at);
                    }
                }
                default -> {
                    // sctp: the JDK cannot bind it portably; bookkeeping only
                }
            }
        } catch (BindException e) {
            if (String.valueOf(e.getMessage()).contains("in use")) {
                throw allocated(wanted);
            }
            throw EngineException.invalid("Bind for " + wanted.hostIp() + ":" + wanted.hostPort() + " failed: "
                    + e.getMessage());
        } catch (IOException e) {
            throw EngineException.invalid("Bind for " + wanted.hostIp() + ":" + wanted.hostPort() + " failed: "
                    + e.getMessage());
        }
    }

    /** A port on an IPv6 host address goes to the endpoint's IPv6 address: one without has nowhere to send it. */
    static void checkFamily(PortMapping wanted, EndpointSpec ep) {
        if (wanted.ipv6() && ep.ip6() == null) {
            throw EngineException.invalid("cannot publish port " + wanted.containerPort() + "/" + wanted.protocol()
                    + " on IPv6 address " + wanted.hostIp() + ": the endpoint has no IPv6 address");
        }
    }

    static EngineException allocated(PortMapping p) {
        return EngineException.conflict("Bind for " + p.hostIp() + ":" + p.hostPort() + " failed: port is already allocated");
    }
}
