package dev.berth.cli.cmd;

import dev.berth.cli.json.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** docker's {@code --filter key=value} flags, sent as {@code filters={"key":{"value":true}}}. */
public final class Filters {
    private Filters() {}

    /** The JSON for the {@code filters} query parameter, or null when there are none. */
    public static String encode(List<String> flags) {
        return encode(flags, "-f, --filter");
    }

    /** As {@link #encode(List)}, for a {@code --filter} without the {@code -f} shorthand (the prune commands). */
    public static String encode(List<String> flags, String label) {
        if (flags == null || flags.isEmpty()) return null;
        Map<String, Object> byKey = new TreeMap<>();
        for (String f : flags) {
            int eq = f.indexOf('=');
            if (eq < 0) throw new UsageException("invalid argument \"" + f + "\" for \"" + label + "\" flag: bad format of filter (expected name=value)");
            String key = f.substring(0, eq).trim().toLowerCase();
            String value = f.substring(eq + 1).trim();
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) byKey.computeIfAbsent(key, k -> new TreeMap<String, Object>());
            values.put(value, Boolean.TRUE);
        }
        return Json.write(byKey);
    }
}
