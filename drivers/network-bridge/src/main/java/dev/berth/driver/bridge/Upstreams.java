package dev.berth.driver.bridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the embedded DNS sends names it does not own. From the {@code dns.upstreams} option
 * ({@code ip[:port],…}; empty means none) or else the host's {@code /etc/resolv.conf}.
 * Loopback resolvers (systemd-resolved's 127.0.0.53) are kept: unlike a resolver inside the
 * container's namespace, ours runs in the host's and reaches them. Nothing found: 8.8.8.8.
 */
final class Upstreams {

    static final String OPTION = "dns.upstreams";

    private Upstreams() {
    }

    static List<InetSocketAddress> from(String option, Path resolvConf) {
        if (option != null) {
            return parseList(option);
        }
        List<InetSocketAddress> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(resolvConf)) {
                String[] f = line.strip().split("\\s+");
                if (f.length >= 2 && f[0].equals("nameserver")) {
                    found.add(new InetSocketAddress(f[1], 53));
                }
            }
        } catch (IOException e) {
            // no resolv.conf: fall through to the fallback
        }
        return found.isEmpty() ? List.of(new InetSocketAddress("8.8.8.8", 53)) : found;
    }

    static List<InetSocketAddress> parseList(String option) {
        List<InetSocketAddress> list = new ArrayList<>();
        for (String item : option.split(",")) {
            String s = item.strip();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.lastIndexOf(':');
            if (colon > 0 && s.indexOf(':') == colon) {
                list.add(new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))));
            } else {
                list.add(new InetSocketAddress(s, 53));
            }
        }
        return list;
    }
}
