package dev.berth.driver.bridge;

import dev.berth.spi.EngineException;
import dev.berth.spi.network.Ipv4Cidr;
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
                if (value.contains(":")) {
                    throw EngineException.invalid(key + " " + value + ": IPv6 is not supported by Berth yet");
                }
                try {
                    Ipv4Cidr.parseAddress(value);
                } catch (RuntimeException e) {
                    throw failed(key, value, "nil ip");
                }
            }
        }
    }

    private static EngineException failed(String key, String value, String why) {
        return EngineException.invalid("failed to parse " + key + " value: " + value + " (" + why + ")");
    }
}
