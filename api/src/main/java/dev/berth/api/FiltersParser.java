package dev.berth.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.backend.Filters;
import dev.berth.spi.EngineException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Decodes {@code filters}: {"key":{"value":true}} (current) or {"key":["value"]} (clients before 1.22). */
final class FiltersParser {
    private FiltersParser() {}

    static Filters parse(String json) {
        if (json == null || json.isBlank()) {
            return Filters.NONE;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw EngineException.invalid("invalid filter: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw EngineException.invalid("invalid filter: expected a JSON object");
        }
        Map<String, Set<String>> values = new HashMap<>();
        root.fields().forEachRemaining(entry -> values.put(entry.getKey(), valuesOf(entry.getKey(), entry.getValue())));
        return new Filters(values);
    }

    private static Set<String> valuesOf(String key, JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        if (node.isArray()) {
            node.forEach(v -> out.add(v.asText()));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getValue().asBoolean(true)) {
                    out.add(e.getKey());
                }
            });
        } else {
            throw EngineException.invalid("invalid filter: values of '" + key + "' must be a list or a map");
        }
        return Set.copyOf(out);
    }
}
