package dev.berth.cli.format;

import java.util.Map;
import java.util.TreeMap;

/**
 * One line of a list command (a container of {@code ps}, an image of {@code images}): its fields
 * by docker's formatter names. {@code {{json .}}} writes the plain fields sorted by name, HTML
 * escaped, as docker's formatter contexts marshal themselves.
 */
public record Row(String type, Map<String, Object> fields) {
    public Row {
        fields = Map.copyOf(fields);
    }

    /**
     * A field worked out only when a template uses it: {@code ps}'s CreatedAt needs the local time
     * zone's rules and names, which cost more of a short command than the rest of a default table.
     */
    public interface Deferred {
        Object value();
    }

    Object field(String name) {
        if (!fields.containsKey(name)) {
            throw new TemplateException("template: can't evaluate field " + name + " in type *formatter." + type);
        }
        Object v = fields.get(name);
        return v instanceof Deferred d ? d.value() : v;
    }

    Map<String, Object> jsonView() {
        Map<String, Object> m = new TreeMap<>();
        fields.forEach((k, v) -> {
            if (v instanceof Deferred d) {
                m.put(k, d.value());
            } else if (!(v instanceof TemplateMethod)) {
                m.put(k, v);
            }
        });
        return m;
    }
}
