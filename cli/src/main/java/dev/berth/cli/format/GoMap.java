package dev.berth.cli.format;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object that the docker CLI's Go type holds as a map with string keys ({@code Config.Labels},
 * {@code Options}…), not as a struct: in {@code inspect}'s typed run a key it lacks reads as
 * {@code <no value>} ({@code .Labels.x}) or as the element type's zero value ({@code index .Labels "x"}),
 * where a struct's missing field fails. A JSON null there is Go's nil map: empty when typed, nil when raw.
 */
final class GoMap extends LinkedHashMap<String, Object> {
    private final transient Object zero;
    private final boolean nil;

    GoMap(Map<String, Object> m, Object zero) {
        super(m == null ? Map.of() : m);
        this.zero = zero;
        this.nil = m == null;
    }

    /** The zero value of the element type: "" for strings, null (Go's nil pointer or interface) otherwise. */
    Object zero() {
        return zero;
    }

    /** Whether the JSON had null here. */
    boolean nil() {
        return nil;
    }
}
