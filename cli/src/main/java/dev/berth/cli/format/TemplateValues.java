package dev.berth.cli.format;

import dev.berth.cli.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Go's printing, truthiness and field lookup over plain Java values. */
final class TemplateValues {
    private TemplateValues() {}

    static Object field(Object v, String name) {
        if (v instanceof Row r) return r.field(name);
        if (v instanceof Map<?, ?> m) {
            return m.containsKey(name) ? m.get(name) : Template.MISSING;
        }
        if (v == null || v == Template.MISSING) {
            throw new TemplateException("template: nil pointer evaluating interface {}." + name);
        }
        throw new TemplateException("template: can't evaluate field " + name + " in type " + typeName(v));
    }

    static boolean truthy(Object v) {
        if (v == null || v == Template.MISSING) return false;
        if (v instanceof Boolean b) return b;
        if (v instanceof String s) return !s.isEmpty();
        if (v instanceof Number n) return n.doubleValue() != 0;
        if (v instanceof Map<?, ?> m) return !m.isEmpty();
        if (v instanceof List<?> l) return !l.isEmpty();
        return true;
    }

    /** Go's {@code %v}. */
    static String print(Object v) {
        if (v == null) return "<nil>";
        if (v instanceof TemplateMethod m) return print(m.call(List.of()));
        if (v instanceof Double d) return goFloat(d);
        if (v instanceof List<?> l) {
            return l.stream().map(TemplateValues::print).collect(Collectors.joining(" ", "[", "]"));
        }
        if (v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            for (String k : sortedKeys(m)) parts.add(k + ":" + print(m.get(k)));
            return "map[" + String.join(" ", parts) + "]";
        }
        return v.toString();
    }

    static String goFloat(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e21) return Long.toString((long) d);
        return Json.write(d);
    }

    static List<String> sortedKeys(Map<?, ?> m) {
        List<String> keys = new ArrayList<>();
        for (Object k : m.keySet()) keys.add(String.valueOf(k));
        keys.sort(null);
        return keys;
    }

    static String typeName(Object v) {
        if (v instanceof String) return "string";
        if (v instanceof Number) return "float64";
        if (v instanceof Boolean) return "bool";
        if (v instanceof List) return "[]interface {}";
        return v.getClass().getSimpleName();
    }
}
