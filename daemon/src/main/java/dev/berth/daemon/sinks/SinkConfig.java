package dev.berth.daemon.sinks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of daemon.json's {@code event-sinks}, checked: {@code type} names an {@code EventSinkProvider},
 * {@code name} (default: the type) keys the stored position, {@code timeout} (seconds, default 30) bounds a
 * call; every other key is the sink's own option, its value as text.
 */
public record SinkConfig(String name, String type, Duration timeout, Map<String, String> options) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public SinkConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timeout, "timeout");
        options = Map.copyOf(options);
    }

    /**
     * @param entries daemon.json's list as Jackson read it (null = none)
     * @throws IllegalArgumentException naming the entry ({@code event-sinks[1]}) and the key
     */
    public static List<SinkConfig> parse(List<Map<String, Object>> entries) {
        List<SinkConfig> out = new ArrayList<>();
        if (entries == null) {
            return out;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = "event-sinks[" + i + "]";
            Map<String, Object> entry = entries.get(i);
            if (entry == null) {
                throw new IllegalArgumentException(where + ": not an object");
            }
            Map<String, String> options = new LinkedHashMap<>();
            for (var e : entry.entrySet()) {
                Object v = e.getValue();
                if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                    throw new IllegalArgumentException(where + "." + e.getKey()
                            + ": must be a string, number or boolean");
                }
                options.put(e.getKey(), v.toString());
            }
            String type = options.remove("type");
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException(where + ".type: required (file, syslog, or a plugin's sink type)");
            }
            String name = options.remove("name");
            name = name == null ? type : name;
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(where + ".name: \"" + name
                        + "\" is not a name (letters, digits, '_', '.', '-', at most 64)");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException(where + ".name: another sink is named \"" + name
                        + "\" (give each sink of one type a name of its own)");
            }
            Duration timeout = DEFAULT_TIMEOUT;
            String t = options.remove("timeout");
            if (t != null) {
                try {
                    timeout = Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
                } catch (NumberFormatException e) {
                    timeout = Duration.ZERO;
                }
                if (timeout.isNegative() || timeout.isZero()) {
                    throw new IllegalArgumentException(where + ".timeout: must be a positive number of seconds, not "
                            + t);
                }
            }
            out.add(new SinkConfig(name, type, timeout, options));
        }
        return out;
    }
}
