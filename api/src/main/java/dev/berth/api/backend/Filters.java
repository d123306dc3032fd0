package dev.berth.api.backend;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's {@code filters} query parameter, decoded from either JSON form
 * ({@code {"label":{"a=b":true}}} or {@code {"label":["a=b"]}}).
 */
public record Filters(Map<String, Set<String>> values) {
    public static final Filters NONE = new Filters(Map.of());

    public Filters {
        values = Map.copyOf(values);
    }

    public Set<String> get(String key) {
        return values.getOrDefault(key, Set.of());
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public List<String> keys() {
        return List.copyOf(values.keySet());
    }
}
