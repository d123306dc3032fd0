package dev.berth.cli.format;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An inspected JSON object as the docker CLI's Go struct reads in a typed run: a field it lacks is
 * {@code can't evaluate field X in type volume.Volume}; a Go field name the JSON spells otherwise
 * ({@code .ID} for {@code "Id"}) reads the JSON's; a field the JSON leaves out when empty
 * ({@code State.Health}) is its zero value.
 */
final class GoStruct extends LinkedHashMap<String, Object> {
    private final transient String type;
    private final transient Map<String, String> aliases;
    private final transient Map<String, Object> zeros;

    GoStruct(Map<String, Object> m, String type, Map<String, String> aliases, Map<String, Object> zeros) {
        super(m);
        this.type = type;
        this.aliases = aliases;
        this.zeros = zeros;
    }

    String type() {
        return type;
    }

    /** Whether a typed run reads {@code goName} though the JSON has no such key. */
    boolean typedOnly(String goName) {
        String key = aliases.get(goName);
        return key != null && containsKey(key) || zeros.containsKey(goName);
    }

    /** Whether {@code key} is a JSON name whose Go field is named otherwise ({@code "Id"} of {@code ID}): no field to a typed run. */
    boolean renamed(String key) {
        return aliases.containsValue(key);
    }

    Object typedValue(String goName) {
        String key = aliases.get(goName);
        if (key != null && containsKey(key)) return get(key);
        return zeros.get(goName) == InspectFormat.NIL ? null : zeros.get(goName);
    }
}
