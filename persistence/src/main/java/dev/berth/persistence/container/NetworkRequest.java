package dev.berth.persistence.container;

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
 */
public record NetworkRequest(String networkId, String networkName, String ipv4, List<String> aliases, String mac) {
    /** With Docker's MAC. */
    public NetworkRequest(String networkId, String networkName, String ipv4, List<String> aliases) {
        this(networkId, networkName, ipv4, aliases, "");
    }

    public NetworkRequest {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(networkName, "networkName");
        ipv4 = ipv4 == null ? "" : ipv4;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        mac = mac == null ? "" : mac;
    }
}
