package dev.berth.persistence.container;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * A network a container asked to be on (at create, or by {@code network connect}), resolved to the
 * network's id. Its address is allocated by the network entity each time the container starts.
 *
 * @param ipv4    the address asked for with {@code --ip}, empty for any
 * @param aliases extra names on this network ({@code --network-alias})
 * @param mac     the MAC address asked for with {@code --mac-address} ({@code xx:xx:xx:xx:xx:xx}), empty for
 *                Docker's, derived from the address (absent in older journals)
 * @param gwPriority which network gives the container its default route ({@code --gw-priority}, API v1.48): the
 *                highest; among equals the one that is not internal, then the first by name, as dockerd
 *                (absent in older journals: 0)
 * @param links   links on a user network, {@code NAME:ALIAS} as dockerd keeps them ({@code --link} with
 *                {@code --network}, compose's {@code links:}): ALIAS names NAME on this network for this container
 *                alone (absent when none)
 * @param driverOpts the endpoint's driver options Berth honours: {@code com.docker.network.endpoint.ifname} (the
 *                interface's name in the container) and {@code com.docker.network.endpoint.sysctls}
 *                ({@code net.X.Y.IFNAME.Z=V}, comma-separated) (absent when none)
 * @param linkLocalIps IPv4 addresses added to the interface with a /16 ({@code --link-local-ip}) (absent when none)
 * @param ipv6    the IPv6 address asked for with {@code --ip6} on a network with IPv6 (absent when none)
 */
public record NetworkRequest(String networkId, String networkName, String ipv4, List<String> aliases, String mac,
                             @JsonInclude(JsonInclude.Include.NON_DEFAULT) int gwPriority,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> links,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.Map<String, String> driverOpts,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> linkLocalIps,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) String ipv6) {
    /** Without an IPv6 address. */
    public NetworkRequest(String networkId, String networkName, String ipv4, List<String> aliases, String mac,
                          int gwPriority, List<String> links, java.util.Map<String, String> driverOpts,
                          List<String> linkLocalIps) {
        this(networkId, networkName, ipv4, aliases, mac, gwPriority, links, driverOpts, linkLocalIps, "");
    }

    /** The endpoint option naming the interface in the container. */
    public static final String IFNAME = "com.docker.network.endpoint.ifname";
    /** The endpoint option with the interface's sysctls. */
    public static final String SYSCTLS = "com.docker.network.endpoint.sysctls";

    /** Without links. */
    public NetworkRequest(String networkId, String networkName, String ipv4, List<String> aliases, String mac,
                          int gwPriority) {
        this(networkId, networkName, ipv4, aliases, mac, gwPriority, List.of());
    }

    /** Without driver options. */
    public NetworkRequest(String networkId, String networkName, String ipv4, List<String> aliases, String mac,
                          int gwPriority, List<String> links) {
        this(networkId, networkName, ipv4, aliases, mac, gwPriority, links, java.util.Map.of());
    }

    /** Without link-local addresses. */
    public NetworkRequest(String networkId, String networkName, String ipv4, List<String> aliases, String mac,
                          int gwPriority, List<String> links, java.util.Map<String, String> driverOpts) {
        this(networkId, networkName, ipv4, aliases, mac, gwPriority, links, driverOpts, List.of());
    }

    /** The interface name asked for, "" for the next {@code ethN}. */
    public String ifname() {
        return driverOpts.getOrDefault(IFNAME, "");
    }

    /** With Docker's MAC. */
    public NetworkRequest(String networkId, String networkName, String ipv4, List<String> aliases) {
        this(networkId, networkName, ipv4, aliases, "", 0);
    }

    /** With the default gateway priority. */
    public NetworkRequest(String networkId, String networkName, String ipv4, List<String> aliases, String mac) {
        this(networkId, networkName, ipv4, aliases, mac, 0);
    }

    @JsonCreator
    public NetworkRequest {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(networkName, "networkName");
        ipv4 = ipv4 == null ? "" : ipv4;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        mac = mac == null ? "" : mac;
        links = links == null ? List.of() : List.copyOf(links);
        driverOpts = driverOpts == null ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(driverOpts)); // journaled in key order
        linkLocalIps = linkLocalIps == null ? List.of() : List.copyOf(linkLocalIps);
        ipv6 = ipv6 == null ? "" : ipv6;
    }
}
