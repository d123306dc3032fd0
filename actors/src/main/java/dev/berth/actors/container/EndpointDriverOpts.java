package dev.berth.actors.container;

import dev.berth.persistence.container.NetworkRequest;
import dev.berth.spi.EngineException;
import java.util.Map;

/**
 * An endpoint's {@code DriverOpts} ({@code --network name=N,driver-opt=K=V}, {@code network connect --driver-opt}):
 * the two dockerd 28 gives meaning to on any network, checked as dockerd checks them. {@code ifname} names the
 * interface in the container (instead of the next {@code ethN}); {@code sysctls} is a comma-separated list of
 * {@code net.X.Y.IFNAME.Z=V}, set on that interface once it is in the container. Any other key is refused by name:
 * Berth's drivers have no endpoint options (dockerd passes them on to its driver, which ignores those it does not
 * know).
 */
final class EndpointDriverOpts {
    private EndpointDriverOpts() {}

    static Map<String, String> check(Map<String, String> opts) {
        if (opts == null || opts.isEmpty()) {
            return Map.of();
        }
        for (Map.Entry<String, String> e : opts.entrySet()) {
            String value = e.getValue() == null ? "" : e.getValue();
            switch (e.getKey()) {
                case NetworkRequest.IFNAME -> checkIfname(value);
                case NetworkRequest.SYSCTLS -> {
                    for (String sysctl : value.split(",", -1)) {
                        checkSysctl(sysctl);
                    }
                }
                default -> throw EngineException.invalid("endpoint driver option " + e.getKey()
                        + " is not supported by Berth yet (only " + NetworkRequest.IFNAME + " and "
                        + NetworkRequest.SYSCTLS + ")");
            }
        }
        return opts;
    }

    private static void checkIfname(String name) {
        if (name.isEmpty() || name.length() > 15 || name.equals(".") || name.equals("..") || name.equals("lo")
                || !name.matches("[A-Za-z0-9_.\\-]+")) {
            throw EngineException.invalid("invalid endpoint settings:\ninvalid interface name '" + name
                    + "' in " + NetworkRequest.IFNAME + ": at most 15 of letters, digits, '.', '_' and '-', not lo");
        }
    }

    /** dockerd's rule: {@code net.(ipv4|ipv6|mpls).Y.IFNAME.Z=V}, IFNAME standing for the interface. */
    private static void checkSysctl(String sysctl) {
        String[] name = sysctl.split("\\.", 5);
        int eq = sysctl.indexOf('=');
        if (name.length != 5 || !name[0].equals("net") || !(name[1].equals("ipv4") || name[1].equals("ipv6")
                || name[1].equals("mpls")) || !(name[3].equals("IFNAME") || name[3].equals("ifname")) || eq < 0
                || sysctl.indexOf('/') >= 0) {
            throw EngineException.invalid("invalid endpoint settings:\nunrecognised network interface sysctl '"
                    + sysctl + "'; represent 'net.X.Y.ethN.Z=V' as 'net.X.Y.IFNAME.Z=V', 'X' must be 'ipv4', "
                    + "'ipv6' or 'mpls'");
        }
    }
}
