package dev.berth.persistence.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;

/**
 * A network as created: Docker's {@code network create} settings after validation and subnet choice.
 *
 * @param driver   {@code bridge}, {@code host} or {@code null}
 * @param subnet   IPv4 CIDR, empty for host/null networks
 * @param gateway  the bridge's address, empty for host/null networks
 * @param ipRange  CIDR inside the subnet that containers get addresses from; empty = the whole subnet
 * @param builtIn  one of the three networks every daemon has: bridge, host, none
 * @param bridgeName the Linux bridge device, for bridge networks
 * @param auxAddresses {@code --aux-address}: name to address inside the subnet, never handed to a container
 *                     (absent when none)
 * @param subnet6  the IPv6 subnet of a network with IPv6 ({@code EnableIPv6}), RFC 5952 text (absent without IPv6)
 * @param gateway6 the bridge's IPv6 address inside {@code subnet6} (absent without IPv6)
 * @param attachable {@code --attachable}: recorded and shown, as dockerd does for a local network (any container may
 *                   attach to one; absent when false)
 * @param configOnly {@code --config-only}: a network that only holds settings for others to take ({@code --config-from});
 *                   driver {@code null}, no addresses reserved, no container on it (absent when false)
 * @param configFrom {@code --config-from NAME}: the config-only network whose settings this one was made with (absent
 *                   when none)
 */
public record NetworkConfig(String id, String name, String driver, String subnet, String gateway, String ipRange,
                            boolean internal, boolean builtIn, String bridgeName, Map<String, String> options,
                            Map<String, String> labels,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> auxAddresses,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) String subnet6,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) String gateway6,
                            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean attachable,
                            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean configOnly,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) String configFrom) {
    /** Neither config-only nor made from one. */
    public NetworkConfig(String id, String name, String driver, String subnet, String gateway, String ipRange,
                         boolean internal, boolean builtIn, String bridgeName, Map<String, String> options,
                         Map<String, String> labels, Map<String, String> auxAddresses, String subnet6, String gateway6,
                         boolean attachable) {
        this(id, name, driver, subnet, gateway, ipRange, internal, builtIn, bridgeName, options, labels, auxAddresses,
                subnet6, gateway6, attachable, false, "");
    }

    /** Not attachable. */
    public NetworkConfig(String id, String name, String driver, String subnet, String gateway, String ipRange,
                         boolean internal, boolean builtIn, String bridgeName, Map<String, String> options,
                         Map<String, String> labels, Map<String, String> auxAddresses, String subnet6, String gateway6) {
        this(id, name, driver, subnet, gateway, ipRange, internal, builtIn, bridgeName, options, labels, auxAddresses,
                subnet6, gateway6, false);
    }

    /** Without IPv6. */
    public NetworkConfig(String id, String name, String driver, String subnet, String gateway, String ipRange,
                         boolean internal, boolean builtIn, String bridgeName, Map<String, String> options,
                         Map<String, String> labels, Map<String, String> auxAddresses) {
        this(id, name, driver, subnet, gateway, ipRange, internal, builtIn, bridgeName, options, labels, auxAddresses,
                "", "");
    }

    /** Without auxiliary addresses. */
    public NetworkConfig(String id, String name, String driver, String subnet, String gateway, String ipRange,
                         boolean internal, boolean builtIn, String bridgeName, Map<String, String> options,
                         Map<String, String> labels) {
        this(id, name, driver, subnet, gateway, ipRange, internal, builtIn, bridgeName, options, labels, Map.of());
    }

    @JsonCreator
    public NetworkConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
        subnet = subnet == null ? "" : subnet;
        gateway = gateway == null ? "" : gateway;
        ipRange = ipRange == null ? "" : ipRange;
        bridgeName = bridgeName == null ? "" : bridgeName;
        options = options == null ? Map.of() : Map.copyOf(options);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        auxAddresses = auxAddresses == null ? Map.of() : Map.copyOf(auxAddresses);
        subnet6 = subnet6 == null ? "" : subnet6;
        gateway6 = gateway6 == null ? "" : gateway6;
        configFrom = configFrom == null ? "" : configFrom;
    }

    /** Docker's {@code EnableIPv6}. */
    public boolean ipv6() {
        return !subnet6.isEmpty();
    }

    /** The same network on another subnet and gateway (the default bridge under a new {@code --bip}). */
    public NetworkConfig withAddress(String newSubnet, String newGateway) {
        return new NetworkConfig(id, name, driver, newSubnet, newGateway, ipRange, internal, builtIn, bridgeName,
                options, labels, auxAddresses, subnet6, gateway6, attachable, configOnly, configFrom);
    }

    /** The same network with these IPv6 subnet and gateway ("": without IPv6). */
    public NetworkConfig withAddress6(String newSubnet6, String newGateway6) {
        return new NetworkConfig(id, name, driver, subnet, gateway, ipRange, internal, builtIn, bridgeName,
                options, labels, auxAddresses, newSubnet6, newGateway6, attachable, configOnly, configFrom);
    }
}
