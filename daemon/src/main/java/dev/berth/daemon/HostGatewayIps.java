package dev.berth.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * dockerd's {@code host-gateway-ips}: what {@code --add-host NAME:host-gateway} stands for. Given as
 * {@code --host-gateway-ip} (repeatable), daemon.json {@code "host-gateway-ips": [...]} or the older
 * single {@code "host-gateway-ip"}, which dockerd migrates to the list; at most one IPv4 and one IPv6
 * address. Empty means the default bridge's gateway.
 */
final class HostGatewayIps {
    static final String KEY = "host-gateway-ips";
    static final String OLD_KEY = "host-gateway-ip";

    private HostGatewayIps() {
    }

    /** The file's old single address moved to the list, as dockerd reads it (in place). */
    static void migrate(ObjectNode file) {
        if (!file.has(OLD_KEY)) {
            return;
        }
        if (file.has(KEY)) {
            throw new IllegalArgumentException(OLD_KEY + " and " + KEY + " must not both be specified in the config file");
        }
        JsonNode old = file.remove(OLD_KEY);
        file.set(KEY, old.isArray() ? old : file.arrayNode().add(old));
    }

    /** The addresses, checked. */
    static List<String> parse(List<String> addresses) {
        List<String> out = new ArrayList<>();
        boolean have4 = false;
        boolean have6 = false;
        for (String text : addresses == null ? List.<String>of() : addresses) {
            InetAddress ip = literal(text);
            if (ip instanceof Inet4Address) {
                if (have4) {
                    throw new IllegalArgumentException("only one IPv4 host gateway IP address can be specified");
                }
                have4 = true;
            } else {
                if (have6) {
                    throw new IllegalArgumentException("only one IPv6 host gateway IP address can be specified");
                }
                have6 = true;
            }
            out.add(text);
        }
        return List.copyOf(out);
    }

    /** An address literal; never a name (no lookup). */
    private static InetAddress literal(String text) {
        boolean v4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                && Arrays.stream(text.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
        if (!v4 && !text.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new IllegalArgumentException("invalid IP address in host-gateway-ips: " + text);
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid IP address in host-gateway-ips: " + text);
        }
    }
}
