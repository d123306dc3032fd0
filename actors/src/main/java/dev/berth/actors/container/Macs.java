package dev.berth.actors.container;

import dev.berth.spi.EngineException;
import java.util.Locale;

/** {@code --mac-address} as dockerd checks it at create: Go's 6-byte MAC forms, not on host or none. */
final class Macs {
    private Macs() {}

    /** @return the MAC as {@code xx:xx:xx:xx:xx:xx}, or "" for none asked */
    static String check(String mac, boolean hostOrNone) {
        if (mac == null || mac.isEmpty()) {
            return "";
        }
        if (hostOrNone) {
            throw EngineException.invalid("conflicting options: mac-address and the network mode");
        }
        String lower = mac.toLowerCase(Locale.ROOT);
        String hex;
        if (lower.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}") || lower.matches("([0-9a-f]{2}-){5}[0-9a-f]{2}")) {
            hex = lower.replaceAll("[:-]", "");
        } else if (lower.matches("([0-9a-f]{4}\\.){2}[0-9a-f]{4}")) {
            hex = lower.replace(".", "");
        } else {
            throw EngineException.invalid("invalid MAC address " + mac);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 12; i += 2) {
            b.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return b.toString();
    }
}
