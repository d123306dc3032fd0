package dev.berth.driver.bridge;

import dev.berth.spi.network.EndpointSpec;
import dev.berth.spi.network.Ipv4Cidr;
import dev.berth.spi.network.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the driver knows of one network: its spec, its endpoints by container id, and its DNS
 * server. The endpoint map is concurrent because the DNS threads read it while the driver writes.
 */
final class NetworkState {

    final NetworkSpec spec;
    final Map<String, EndpointSpec> endpoints = new ConcurrentHashMap<>();
    DnsServer dns;

    NetworkState(NetworkSpec spec) {
        this.spec = spec;
    }

    /** The addresses registered under this name (case-insensitive), or null when none. */
    List<Integer> resolve(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        List<Integer> found = new ArrayList<>();
        for (EndpointSpec ep : endpoints.values()) {
            for (String n : ep.dnsNames()) {
                if (n.toLowerCase(Locale.ROOT).equals(wanted)) {
                    found.add(Ipv4Cidr.parse(ep.ip()).address());
                    break;
                }
            }
        }
        return found.isEmpty() ? null : found;
    }

    /** The container whose endpoint on this network has {@code address}, or null. */
    String containerAt(java.net.InetAddress address) {
        if (!(address instanceof java.net.Inet4Address)) {
            return null;
        }
        byte[] b = address.getAddress();
        int wanted = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        for (EndpointSpec ep : endpoints.values()) {
            if (Ipv4Cidr.parse(ep.ip()).address() == wanted) {
                return ep.containerId();
            }
        }
        return null;
    }

    void closeDns() {
        if (dns != null) {
            dns.close();
            dns = null;
        }
    }
}
