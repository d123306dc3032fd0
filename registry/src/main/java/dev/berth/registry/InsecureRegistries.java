package dev.berth.registry;

import dev.berth.spi.EngineException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * dockerd's {@code insecure-registries}: entries are {@code host[:port]} or CIDR blocks. Loopback
 * ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}) is always insecure, as in dockerd. An
 * insecure registry may be reached over plain HTTP.
 */
public final class InsecureRegistries {
    private final List<String> hosts = new ArrayList<>();
    private final List<Cidr> cidrs = new ArrayList<>();

    public InsecureRegistries(List<String> entries) {
        cidrs.add(Cidr.parse("127.0.0.0/8"));
        cidrs.add(Cidr.parse("::1/128"));
        for (String e : entries == null ? List.<String>of() : entries) {
            String entry = e.trim().toLowerCase(Locale.ROOT);
            if (entry.startsWith("http://") || entry.startsWith("https://")) {
                throw EngineException.invalid("insecure registry " + e + " should not contain 'http://' or 'https://'");
            }
            if (entry.endsWith("/")) {
                entry = entry.substring(0, entry.length() - 1);
            }
            if (entry.contains("/")) {
                cidrs.add(Cidr.parse(entry));
            } else if (!entry.isEmpty()) {
                hosts.add(entry);
            }
        }
    }

    public static InsecureRegistries defaults() {
        return new InsecureRegistries(List.of());
    }

    /** {@code hostPort} as in a reference's domain: {@code myreg:5000}, {@code [::1]:5000}. */
    public boolean isInsecure(String hostPort) {
        String hp = hostPort.toLowerCase(Locale.ROOT);
        String host = hostOnly(hp);
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        if (hosts.contains(hp)) {
            return true; // dockerd matches host[:port] entries exactly
        }
        InetAddress[] addresses = resolve(host);
        for (InetAddress a : addresses) {
            for (Cidr c : cidrs) {
                if (c.contains(a)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Literal IPs only, unless a CIDR beyond loopback is configured (then resolve, as dockerd does). */
    private InetAddress[] resolve(String host) {
        boolean literal = host.matches("[0-9.]+") || host.contains(":");
        if (!literal && cidrs.size() <= 2) {
            return new InetAddress[0];
        }
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return new InetAddress[0];
        }
    }

    static String hostOnly(String hostPort) {
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return end < 0 ? hostPort : hostPort.substring(1, end);
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 || hostPort.indexOf(':') != colon ? hostPort : hostPort.substring(0, colon);
    }

    private record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            try {
                String ip = text.substring(0, slash);
                if (!ip.matches("[0-9a-f.:]+")) {
                    throw new IllegalArgumentException();
                }
                byte[] addr = InetAddress.getByName(ip).getAddress();
                int prefix = Integer.parseInt(text.substring(slash + 1));
                if (prefix < 0 || prefix > addr.length * 8) {
                    throw new IllegalArgumentException();
                }
                return new Cidr(addr, prefix);
            } catch (UnknownHostException | IllegalArgumentException e) {
                throw EngineException.invalid("invalid CIDR in insecure-registries: " + text);
            }
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (b[full] & mask) == (network[full] & mask);
        }
    }
}
