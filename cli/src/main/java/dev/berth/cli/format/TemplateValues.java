package dev.berth.cli.format;

import dev.berth.cli.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Go's printing, truthiness and field lookup over plain Java values. */
final class TemplateValues {
    private TemplateValues() {}

    /**
     * {@code v.name}. A map's missing key is {@code <no value>} ({@link Template.Mode#LENIENT}, and a
     * {@link GoMap} in a typed run) or fails as Go's {@code missingkey=error} does.
     */
    static Object field(Object v, String name, Template.Mode mode) {
        if (v instanceof Row r) return r.field(name);
        if (v instanceof GoMap g && g.nil() && mode == Template.Mode.RAW) {
            throw new ExecError("nil pointer evaluating interface {}." + name);
        }
        if (v instanceof GoStruct s && mode == Template.Mode.TYPED && s.renamed(name)) {
            throw new ExecError("can't evaluate field " + name + " in type " + s.type());
        }
        if (v instanceof Map<?, ?> m) {
            if (m.containsKey(name)) return m.get(name);
            if (mode == Template.Mode.LENIENT || mode == Template.Mode.TYPED && m instanceof GoMap) return Template.MISSING;
            if (mode == Template.Mode.TYPED && m instanceof GoStruct s) {
                if (s.typedOnly(name)) return s.typedValue(name);
                throw new ExecError("can't evaluate field " + name + " in type " + s.type());
            }
            throw new ExecError("map has no entry for key \"" + name + "\"");
        }
        // Go: a field of a missing value is missing too (missingkey=default)
        if (v == Template.MISSING) return Template.MISSING;
        if (v == null) throw new ExecError("nil pointer evaluating interface {}." + name);
        throw new ExecError("can't evaluate field " + name + " in type "
                + (mode == Template.Mode.LENIENT ? typeName(v) : "interface {}"));
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
        if (v instanceof GoStruct s && s.isEmpty()) return "{}";
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
        if (v instanceof Long || v instanceof Integer) return "int";
        if (v instanceof Number) return "float64";
        if (v instanceof Boolean) return "bool";
        if (v instanceof List) return "[]interface {}";
        return v.getClass().getSimpleName();
    }
}
