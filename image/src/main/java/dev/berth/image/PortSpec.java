package dev.berth.image;

import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses EXPOSE arguments ({@code 80}, {@code 53/udp}, {@code 8000-8002/tcp}) into {@code port/proto} keys. */
final class PortSpec {
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");

    private PortSpec() {}

    static List<String> expand(String spec) {
        String port = spec;
        String proto = "tcp";
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            port = spec.substring(0, slash);
            proto = spec.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
            if (!PROTOCOLS.contains(proto)) {
                throw EngineException.invalid("invalid proto: " + proto);
            }
        }
        int dash = port.indexOf('-');
        int first = number(dash < 0 ? port : port.substring(0, dash), spec);
        int last = dash < 0 ? first : number(port.substring(dash + 1), spec);
        if (last < first) {
            throw EngineException.invalid("invalid range specified for container port: " + spec);
        }
        List<String> out = new ArrayList<>();
        for (int p = first; p <= last; p++) {
            out.add(p + "/" + proto);
        }
        return out;
    }

    private static int number(String s, String spec) {
        try {
            int n = Integer.parseInt(s);
            if (n < 0 || n > 65535) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid containerPort: " + spec);
        }
    }
}
