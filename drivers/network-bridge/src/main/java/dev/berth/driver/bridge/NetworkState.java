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

    /** The endpoints registered under this name (case-insensitive), or null when none. */
    List<EndpointSpec> named(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        List<EndpointSpec> found = new ArrayList<>();
        for (EndpointSpec ep : endpoints.values()) {
            for (String n : ep.dnsNames()) {
                if (n.toLowerCase(Locale.ROOT).equals(wanted)) {
                    found.add(ep);
                    break;
                }
            }
        }
        return found.isEmpty() ? null : found;
    }

    /** The endpoints' IPv4 addresses. */
    static List<Integer> ipv4Of(List<EndpointSpec> endpoints) {
        List<Integer> out = new ArrayList<>(endpoints.size());
        endpoints.forEach(ep -> out.add(Ipv4Cidr.parse(ep.ip()).address()));
        return out;
    }

    /** The endpoints' IPv6 addresses (16 bytes each), for those that have one. */
    static List<byte[]> ipv6Of(List<EndpointSpec> endpoints) {
        List<byte[]> out = new ArrayList<>();
        for (EndpointSpec ep : endpoints) {
            if (ep.ip6() != null) {
                byte[] raw = dev.berth.spi.network.Ipv6Cidr.parseAddress(ep.ip6()).toByteArray();
                byte[] sixteen = new byte[16];
                int n = Math.min(16, raw.length);
                System.arraycopy(raw, raw.length - n, sixteen, 16 - n, n);
                out.add(sixteen);
            }
        }
        return out;
    }

    /** The container whose endpoint on this network has {@code address}, or null. */
    String containerAt(java.net.InetAddress address) {
        if (address instanceof java.net.Inet6Address) {
            for (EndpointSpec ep : endpoints.values()) {
                if (ep.ip6() != null && java.util.Arrays.equals(ipv6Of(List.of(ep)).get(0), address.getAddress())) {
                    return ep.containerId();
                }
            }
            return null;
        }
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
