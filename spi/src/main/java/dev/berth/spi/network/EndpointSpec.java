package dev.berth.spi.network;

import dev.berth.spi.EngineException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One container's attachment to one network, as the engine has decided it (address and MAC
 * allocated and journaled by the engine before the driver hears of it).
 *
 * @param networkId     the network's id (already created in the driver)
 * @param containerId   64 hex characters
 * @param netnsPath     the container's bind-mounted network namespace (see {@link Sandboxes})
 * @param interfaceName the name inside the namespace: {@code eth0} for the first network, {@code eth1} …
 * @param ipv4          the address with the subnet's prefix, e.g. {@code 10.213.1.2/24}
 * @param mac           {@code 02:42:…}; {@code null} derives Docker's MAC from the address
 * @param gateway       the default route's next hop, or {@code null} for no default route (a
 *                      container on several networks has one gateway network); ignored on internal networks
 * @param dnsNames      names this endpoint answers to on the network's embedded DNS: container name,
 *                      aliases, 12-char short id (ignored on the default bridge)
 * @param ports         published ports; ignored on internal networks
 * @param links         link aliases on a user network (since 1.3): ALIAS to the container NAME it stands for, which
 *                      this container alone resolves on the network's embedded DNS (Docker's links on user
 *                      networks); ignored by drivers without one
 * @param dnsServers    the container's own DNS servers (since 1.3; {@code --dns}, addresses): a driver with an
 *                      embedded DNS forwards this container's queries for other names to them instead of the
 *                      host's resolvers
 * @param ipv6          (since 1.5) the IPv6 address with the subnet's prefix, e.g. {@code fd00:1::2/64}, on a network
 *                      with IPv6; else {@code null}
 * @param gateway6      (since 1.5) the default IPv6 route's next hop, or {@code null} for none (as {@code gateway})
 */
public record EndpointSpec(
        String networkId,
        String containerId,
        Path netnsPath,
        String interfaceName,
        String ipv4,
        String mac,
        String gateway,
        List<String> dnsNames,
        List<PortMapping> ports,
        Map<String, String> links,
        List<String> dnsServers,
        String ipv6,
        String gateway6) {

    /** Without IPv6 (the 1.3 and 1.4 form). */
    public EndpointSpec(String networkId, String containerId, Path netnsPath, String interfaceName, String ipv4,
                        String mac, String gateway, List<String> dnsNames, List<PortMapping> ports,
                        Map<String, String> links, List<String> dnsServers) {
        this(networkId, containerId, netnsPath, interfaceName, ipv4, mac, gateway, dnsNames, ports, links, dnsServers,
                null, null);
    }

    /** Without link aliases (the 1.2 form). */
    public EndpointSpec(String networkId, String containerId, Path netnsPath, String interfaceName, String ipv4,
                        String mac, String gateway, List<String> dnsNames, List<PortMapping> ports) {
        this(networkId, containerId, netnsPath, interfaceName, ipv4, mac, gateway, dnsNames, ports, Map.of(), List.of());
    }

    public EndpointSpec {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(netnsPath, "netnsPath");
        interfaceName = interfaceName == null || interfaceName.isEmpty() ? "eth0" : interfaceName;
        if (interfaceName.length() > 15 || !interfaceName.matches("[A-Za-z0-9_.\\-]+")) {
            throw EngineException.invalid("invalid interface name " + interfaceName);
        }
        Ipv4Cidr address = Ipv4Cidr.parse(ipv4);
        if (ipv4.indexOf('/') < 0) {
            throw EngineException.invalid("endpoint address needs its prefix length: " + ipv4);
        }
        ipv4 = address.toString();
        mac = mac == null || mac.isEmpty() ? macFor(address.address()) : mac.toLowerCase(Locale.ROOT);
        if (!mac.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
            throw EngineException.invalid("invalid MAC address " + mac);
        }
        if (gateway != null && gateway.isEmpty()) {
            gateway = null;
        }
        if (gateway != null) {
            Ipv4Cidr.parseAddress(gateway);
        }
        dnsNames = dnsNames == null ? List.of() : List.copyOf(dnsNames);
        ports = ports == null ? List.of() : List.copyOf(ports);
        links = links == null ? Map.of() : Map.copyOf(links);
        dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
        if (ipv6 != null && ipv6.isEmpty()) {
            ipv6 = null;
        }
        if (ipv6 != null) {
            if (ipv6.indexOf('/') < 0) {
                throw EngineException.invalid("endpoint address needs its prefix length: " + ipv6);
            }
            ipv6 = Ipv6Cidr.parse(ipv6).toString();
        }
        if (gateway6 != null && gateway6.isEmpty()) {
            gateway6 = null;
        }
        if (gateway6 != null) {
            gateway6 = Ipv6Cidr.canonical(gateway6);
        }
    }

    /** The IPv6 address alone (since 1.5), or null. */
    public String ip6() {
        return ipv6 == null ? null : ipv6.substring(0, ipv6.indexOf('/'));
    }

    /** Docker's MAC for an address: {@code 02:42} then the four address bytes. */
    public static String macFor(int address) {
        return String.format("02:42:%02x:%02x:%02x:%02x",
                (address >>> 24) & 0xff, (address >>> 16) & 0xff, (address >>> 8) & 0xff, address & 0xff);
    }

    public Ipv4Cidr address() {
        return Ipv4Cidr.parse(ipv4);
    }

    /** The address alone, dotted. */
    public String ip() {
        return address().addressText();
    }

    public EndpointSpec withPorts(List<PortMapping> published) {
        return new EndpointSpec(networkId, containerId, netnsPath, interfaceName, ipv4, mac, gateway, dnsNames, published,
                links, dnsServers, ipv6, gateway6);
    }

    public EndpointSpec withDnsNames(List<String> names) {
        return new EndpointSpec(networkId, containerId, netnsPath, interfaceName, ipv4, mac, gateway, names, ports,
                links, dnsServers, ipv6, gateway6);
    }
}
