package dev.berth.driver.runc;

import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Docker's capability rules: its default set, {@code --cap-add}/{@code --cap-drop} and {@code --privileged}. */
final class Capabilities {

    /** Docker's default set, in Docker's order. */
    static final List<String> DEFAULT = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    /** Every capability by its number (index = capability number). */
    private static final List<String> KNOWN = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
            "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
            "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
            "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
            "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
            "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
            "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    private static final String ALL = "ALL";

    private Capabilities() {}

    /** All capabilities this kernel knows. */
    static List<String> all(int capLastCap) {
        return KNOWN.subList(0, Math.min(KNOWN.size(), capLastCap + 1));
    }

    /**
     * All capabilities this kernel knows that are in {@code held} (a bounding-set mask, bit n =
     * capability n): "every capability" can only be those the daemon itself may grant; asking runc
     * for more fails the start or exec with "unable to apply caps: operation not permitted".
     */
    static List<String> all(int capLastCap, long held) {
        List<String> out = new ArrayList<>();
        List<String> known = all(capLastCap);
        for (int i = 0; i < known.size(); i++) {
            if (i >= Long.SIZE || (held & (1L << i)) != 0) {
                out.add(known.get(i));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The effective set for a container, as Docker's {@code TweakCapabilities} computes it.
     *
     * @throws EngineException INVALID_ARGUMENT for an unknown capability name
     */
    static List<String> resolve(boolean privileged, List<String> capAdd, List<String> capDrop, int capLastCap) {
        return resolve(privileged, capAdd, capDrop, capLastCap, -1L);
    }

    /** As {@link #resolve(boolean, List, List, int)}, "every capability" limited to {@code held} (see {@link #all(int, long)}). */
    static List<String> resolve(boolean privileged, List<String> capAdd, List<String> capDrop, int capLastCap, long held) {
        if (privileged) {
            return all(capLastCap, held);
        }
        if (capAdd.isEmpty() && capDrop.isEmpty()) {
            return DEFAULT;
        }
        List<String> add = normalize(capAdd);
        List<String> drop = normalize(capDrop);
        Set<String> caps = new LinkedHashSet<>();
        if (add.contains(ALL)) {
            for (String c : all(capLastCap, held)) {
                if (!drop.contains(c)) {
                    caps.add(c);
                }
            }
        } else if (drop.contains(ALL)) {
            caps.addAll(add);
        } else {
            for (String c : DEFAULT) {
                if (!drop.contains(c)) {
                    caps.add(c);
                }
            }
            caps.addAll(add);
        }
        return List.copyOf(caps);
    }

    /** {@code net_admin}, {@code NET_ADMIN} and {@code CAP_NET_ADMIN} all mean {@code CAP_NET_ADMIN}. */
    static List<String> normalize(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String raw : names) {
            String name = raw.trim().toUpperCase(Locale.ROOT);
            if (name.equals(ALL)) {
                out.add(ALL);
                continue;
            }
            if (!name.startsWith("CAP_")) {
                name = "CAP_" + name;
            }
            if (!KNOWN.contains(name)) {
                throw EngineException.invalid("unknown capability: \"" + name + "\"");
            }
            out.add(name);
        }
        return out;
    }
}
