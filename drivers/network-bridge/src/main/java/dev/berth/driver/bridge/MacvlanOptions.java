package dev.berth.driver.bridge;

import dev.berth.spi.EngineException;
import dev.berth.spi.network.NetworkSpec;
import java.util.Map;
import java.util.Set;

/**
 * A macvlan network's options, checked as dockerd's macvlan driver checks them (its messages), and an option
 * it does not know refused by name where dockerd would pass over it.
 *
 * @param parent   the host interface the containers' interfaces hang off: {@code eth0}, {@code eth0.10} (a VLAN
 *                 sub-interface, made when missing), or empty for none (a link of the network's own: the network
 *                 is then internal, as dockerd's)
 * @param mode     {@code bridge} (the default), {@code private}, {@code vepa} or {@code passthru}
 * @param mtu      the containers' interfaces' MTU ({@code com.docker.network.driver.mtu}), or 0 for the parent's
 */
record MacvlanOptions(String parent, String mode, int mtu) {

    static final String PARENT = "parent";
    static final String MODE = "macvlan_mode";
    static final Set<String> MODES = Set.of("bridge", "private", "vepa", "passthru");
    /** Options the engine reads itself (the interface names in a container). */
    private static final Set<String> ENGINE_OPTIONS = Set.of(NetworkSpec.IFACE_PREFIX_OPTION);

    /** @throws EngineException INVALID_ARGUMENT naming the first option that is wrong */
    static MacvlanOptions of(Map<String, String> options) {
        for (String key : new java.util.TreeSet<>(options.keySet())) {
            if (!key.equals(PARENT) && !key.equals(MODE) && !key.equals(NetworkSpec.MTU_OPTION)
                    && !ENGINE_OPTIONS.contains(key)) {
                throw EngineException.invalid("option \"" + key + "\" of the macvlan driver is not supported by Berth "
                        + "(it takes " + PARENT + ", " + MODE + " and " + NetworkSpec.MTU_OPTION + ")");
            }
        }
        String mode = options.getOrDefault(MODE, "");
        if (mode.isEmpty()) {
            mode = "bridge";
        } else if (!MODES.contains(mode)) {
            throw EngineException.invalid("requested macvlan mode '" + mode
                    + "' is not valid, 'bridge' mode is the macvlan driver default");
        }
        String parent = options.getOrDefault(PARENT, "");
        if (parent.equals("lo")) {
            throw EngineException.invalid("loopback interface is not a valid macvlan parent link");
        }
        if (!parent.isEmpty() && (parent.length() > 15 || !parent.matches("[A-Za-z0-9_.\\-@]+"))) {
            throw EngineException.invalid("invalid parent interface name " + parent);
        }
        int mtu = 0;
        String m = options.get(NetworkSpec.MTU_OPTION);
        if (m != null) {
            try {
                mtu = Integer.parseInt(m);
            } catch (NumberFormatException e) {
                throw EngineException.invalid("failed to parse " + NetworkSpec.MTU_OPTION + " value: " + m
                        + " (strconv.Atoi: parsing \"" + m + "\": invalid syntax)");
            }
            if (mtu < 68 && mtu != 0) {
                throw EngineException.invalid("invalid MTU " + mtu + ": at least 68");
            }
        }
        return new MacvlanOptions(parent, mode, mtu);
    }

    /** The VLAN sub-interface form of a parent: {@code [eth0, 10]} for {@code eth0.10}, checked as dockerd does. */
    static String[] vlan(String parent) {
        if (!parent.contains(".")) {
            throw EngineException.invalid("invalid subinterface vlan name " + parent + ", example formatting is eth0.10");
        }
        String[] split = parent.split("\\.", -1);
        if (split.length != 2) {
            throw EngineException.invalid("required interface name format is: name.vlan_id, ex. eth0.10 for vlan 10, "
                    + "instead received " + parent);
        }
        int id;
        try {
            id = Integer.parseInt(split[1]);
        } catch (NumberFormatException e) {
            throw EngineException.invalid("unable to parse a valid vlan id from: " + split[1] + " (ex. eth0.10 for vlan 10)");
        }
        if (id < 1 || id > 4094) {
            throw EngineException.invalid("vlan id must be between 1-4094, received: " + id);
        }
        return split;
    }
}
