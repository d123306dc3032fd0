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
 */
public record NetworkRequest(String networkId, String networkName, String ipv4, List<String> aliases, String mac,
                             @JsonInclude(JsonInclude.Include.NON_DEFAULT) int gwPriority,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> links) {
    /** Without links. */
    public NetworkRequest(String networkId, String networkName, String ipv4, List<String> aliases, String mac,
                          int gwPriority) {
        this(networkId, networkName, ipv4, aliases, mac, gwPriority, List.of());
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
    }
}
