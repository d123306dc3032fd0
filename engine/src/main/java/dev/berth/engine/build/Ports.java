package dev.berth.engine.build;

import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code port[-port][/proto]} as {@code port/proto} keys: EXPOSE's, into the keys an image config holds, and the
 * {@code publish}/{@code expose} filters of {@code ps}.
 */
public final class Ports {
    private Ports() {
    }

    public static List<String> expand(String spec) {
        String s = spec;
        String proto = "tcp";
        int slash = s.indexOf('/');
        if (slash >= 0) {
            proto = s.substring(slash + 1).toLowerCase(Locale.ROOT);
            s = s.substring(0, slash);
        }
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw EngineException.invalid("invalid proto: " + proto);
        }
        int dash = s.indexOf('-');
        int start;
        int end;
        try {
            start = Integer.parseInt(dash < 0 ? s : s.substring(0, dash));
            end = dash < 0 ? start : Integer.parseInt(s.substring(dash + 1));
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid containerPort: " + s);
        }
        if (start < 0 || end > 65535 || end < start) {
            throw EngineException.invalid("invalid range specified for container port: " + s);
        }
        List<String> out = new ArrayList<>();
        for (int p = start; p <= end; p++) {
            out.add(p + "/" + proto);
        }
        return out;
    }
}
