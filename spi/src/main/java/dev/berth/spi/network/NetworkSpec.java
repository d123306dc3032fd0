package dev.berth.spi.network;

import dev.berth.spi.EngineException;
import java.util.Map;
import java.util.Objects;

/**
 * A network as the engine has decided it: the driver creates exactly this on the host and chooses
 * nothing itself (no subnet, no gateway, no addresses).
 *
 * @param id             64 hex characters, the network's id
 * @param name           the user's name ({@code bridge} for the default network)
 * @param bridgeName     the Linux interface name; {@code null} derives it: the
 *                       {@value #BRIDGE_NAME_OPTION} option, else {@code berth0} for the default
 *                       bridge, else {@code br-<first 12 hex of id>}
 * @param subnet         e.g. {@code 10.213.1.0/24} (host bits must be zero)
 * @param gateway        an address inside the subnet, put on the bridge, e.g. {@code 10.213.1.1}
 * @param ipRange        the engine's allocation range inside the subnet, or {@code null}; informative
 * @param internal       no way out: no masquerade, no forwarding to or from other interfaces
 * @param defaultBridge  the daemon's default {@code bridge} network: no embedded DNS
 * @param options        driver options ({@code com.docker.network.*}), never null
 * @param labels         user labels, never null; the driver ignores them
 * @param subnet6        (since 1.5) the network's IPv6 subnet, e.g. {@code fd00:1::/64}, or {@code null} for a network
 *                       without IPv6 (Docker's {@code EnableIPv6} false)
 * @param gateway6       (since 1.5) the bridge's IPv6 address inside {@code subnet6}; {@code null} exactly when it is
 */
public record NetworkSpec(
        String id,
        String name,
        String bridgeName,
        String subnet,
        String gateway,
        String ipRange,
        boolean internal,
        boolean defaultBridge,
        Map<String, String> options,
        Map<String, String> labels,
        String subnet6,
        String gateway6) {

    /** Without IPv6 (the 1.4 form). */
    public NetworkSpec(String id, String name, String bridgeName, String subnet, String gateway, String ipRange,
                       boolean internal, boolean defaultBridge, Map<String, String> options,
                       Map<String, String> labels) {
        this(id, name, bridgeName, subnet, gateway, ipRange, internal, defaultBridge, options, labels, null, null);
    }

    public static final String BRIDGE_NAME_OPTION = "com.docker.network.bridge.name";
    public static final String MASQUERADE_OPTION = "com.docker.network.bridge.enable_ip_masquerade";
    public static final String MTU_OPTION = "com.docker.network.driver.mtu";
    /** {@code false}: containers on the network cannot reach each other (Docker's inter-container communication). */
    public static final String ICC_OPTION = "com.docker.network.bridge.enable_icc";
    /** The host address of a published port that names none (Docker's default binding IP of the network). */
    public static final String HOST_BINDING_OPTION = "com.docker.network.bridge.host_binding_ipv4";
    /** The engine names the network's interfaces in a container PREFIX0, PREFIX1 … instead of eth0 … */
    public static final String IFACE_PREFIX_OPTION = "com.docker.network.container_iface_prefix";
    public static final String DEFAULT_BRIDGE_NAME = "berth0";

    public NetworkSpec {
        Objects.requireNonNull(id, "id");
        if (id.length() < 12) {
            throw EngineException.invalid("network id too short: " + id);
        }
        Objects.requireNonNull(name, "name");
        options = options == null ? Map.of() : Map.copyOf(options);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        Ipv4Cidr net = Ipv4Cidr.parse(subnet);
        if (!net.network().equals(net)) {
            throw EngineException.invalid("invalid subnet " + subnet + ": it has host bits set");
        }
        subnet = net.toString();
        Ipv4Cidr.parseAddress(gateway);
        if (!net.contains(gateway)) {
            throw EngineException.invalid("no matching subnet for gateway " + gateway);
        }
        if (ipRange != null && !ipRange.isEmpty()) {
            Ipv4Cidr range = Ipv4Cidr.parse(ipRange);
            if (range.prefix() < net.prefix() || !net.contains(range.address())) {
                throw EngineException.invalid("ip-range " + ipRange + " is not inside subnet " + subnet);
            }
        } else {
            ipRange = null;
        }
        if (bridgeName == null || bridgeName.isEmpty()) {
            bridgeName = options.getOrDefault(BRIDGE_NAME_OPTION,
                    defaultBridge ? DEFAULT_BRIDGE_NAME : "br-" + id.substring(0, 12));
        }
        if (bridgeName.length() > 15 || !bridgeName.matches("[A-Za-z0-9_.\\-]+")) {
            throw EngineException.invalid("invalid bridge name " + bridgeName);
        }
        if (subnet6 != null && subnet6.isEmpty()) {
            subnet6 = null;
        }
        if (gateway6 != null && gateway6.isEmpty()) {
            gateway6 = null;
        }
        if ((subnet6 == null) != (gateway6 == null)) {
            throw EngineException.invalid("an IPv6 subnet needs its gateway, and a gateway its subnet");
        }
        if (subnet6 != null) {
            Ipv6Cidr net6 = Ipv6Cidr.parse(subnet6);
            if (!net6.network().equals(net6)) {
                throw EngineException.invalid("invalid subnet " + subnet6 + ": it has host bits set");
            }
            subnet6 = net6.toString();
            if (!net6.contains(Ipv6Cidr.parseAddress(gateway6))) {
                throw EngineException.invalid("no matching subnet for gateway " + gateway6);
            }
            gateway6 = Ipv6Cidr.canonical(gateway6);
        }
    }

    /** Whether the network has IPv6 (since 1.5). */
    public boolean ipv6() {
        return subnet6 != null;
    }

    /** The IPv6 gateway with the subnet's prefix, as put on the bridge: {@code fd00:1::1/64}; null without IPv6. */
    public Ipv6Cidr gateway6Cidr() {
        return subnet6 == null ? null
                : new Ipv6Cidr(Ipv6Cidr.parseAddress(gateway6), Ipv6Cidr.parse(subnet6).prefix());
    }

    public Ipv4Cidr subnetCidr() {
        return Ipv4Cidr.parse(subnet);
    }

    /** The gateway with the subnet's prefix, as put on the bridge: {@code 10.213.1.1/24}. */
    public Ipv4Cidr gatewayCidr() {
        return new Ipv4Cidr(Ipv4Cidr.parseAddress(gateway), subnetCidr().prefix());
    }

    /** Masquerade unless internal or turned off by {@value #MASQUERADE_OPTION}=false. */
    public boolean masquerade() {
        return !internal && !isFalse(options.getOrDefault(MASQUERADE_OPTION, "true"));
    }

    /** Inter-container communication, unless turned off by {@value #ICC_OPTION}=false. */
    public boolean interContainer() {
        return !isFalse(options.getOrDefault(ICC_OPTION, "true"));
    }

    /** Go's false ({@code strconv.ParseBool}: 0, f, F, false, False, FALSE), and any case of "false" as before. */
    private static boolean isFalse(String value) {
        return switch (value) {
            case "0", "f", "F", "false", "False", "FALSE" -> true;
            default -> value.equalsIgnoreCase("false");
        };
    }

    /** Whether the engine's embedded DNS serves this network (user-defined networks only, as in Docker). */
    public boolean embeddedDns() {
        return !defaultBridge;
    }
}
