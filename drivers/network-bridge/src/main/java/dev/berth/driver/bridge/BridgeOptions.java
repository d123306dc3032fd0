package dev.berth.driver.bridge;

import dev.berth.spi.EngineException;
import dev.berth.spi.network.Ipv4Cidr;
import dev.berth.spi.network.Ipv6Cidr;
import dev.berth.spi.network.NetworkSpec;
import java.util.Map;
import java.util.Set;

/**
 * The bridge driver's options read as dockerd's bridge driver reads them (Go's {@code strconv}): a
 * value it cannot parse is refused with "failed to parse OPTION value: VALUE (why)", never ignored.
 */
final class BridgeOptions {
    private static final Set<String> BOOLEANS = Set.of(NetworkSpec.MASQUERADE_OPTION, NetworkSpec.ICC_OPTION);
    private static final Set<String> GO_TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> GO_FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    private BridgeOptions() {}

    /** @throws EngineException INVALID_ARGUMENT for the first value that does not parse */
    static void check(Map<String, String> options) {
        for (Map.Entry<String, String> o : new java.util.TreeMap<>(options).entrySet()) {
            String key = o.getKey();
            String value = o.getValue();
            if (BOOLEANS.contains(key) && !GO_TRUE.contains(value) && !GO_FALSE.contains(value)) {
                throw failed(key, value, "strconv.ParseBool: parsing \"" + value + "\": invalid syntax");
            }
            if (key.equals(NetworkSpec.MTU_OPTION)) {
                try {
                    Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw failed(key, value, "strconv.Atoi: parsing \"" + value + "\": "
                            + (value.matches("[+-]?\\d+") ? "value out of range" : "invalid syntax"));
                }
            }
            if (key.equals(NetworkSpec.IFACE_PREFIX_OPTION) && !value.matches("[A-Za-z0-9_.\\-]{0,12}")) {
                // PREFIX and a number name a Linux interface: at most 15 characters, no '/', ':' or blanks
                throw EngineException.invalid("invalid " + key + " " + value
                        + ": an interface name prefix of at most 12 letters, digits, '_', '.' or '-'");
            }
            if (key.equals(NetworkSpec.HOST_BINDING_OPTION)) {
                // an IPv6 address too, as dockerd 28 takes one despite the option's name: -p 8080:80 is then IPv6's
                // alone (refused at start for a container without IPv6)
                boolean address = value.contains(":") ? Ipv6Cidr.isAddress(value) : isIpv4(value);
                if (!address) {
                    throw failed(key, value, "nil ip");
                }
            }
        }
    }

    private static boolean isIpv4(String value) {
        try {
            Ipv4Cidr.parseAddress(value);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static EngineException failed(String key, String value, String why) {
        return EngineException.invalid("failed to parse " + key + " value: " + value + " (" + why + ")");
    }
}
