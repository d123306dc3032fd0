package dev.berth.cli.json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small JSON reader/writer over plain Java values: {@code Map} (insertion ordered), {@code List},
 * {@code String}, {@code Long}, {@code Double}, {@code Boolean} and {@code null}. The CLI must start
 * fast, so no data-binding library; the daemon's wire JSON is read into these values and
 * navigated by key.
 */
public final class Json {
    private Json() {}

    /** Parses one JSON value; trailing non-whitespace is an error. */
    public static Object parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return parse(b, 0, b.length);
    }

    /** Parses one JSON value from UTF-8 bytes {@code [from, to)}; trailing non-whitespace is an error. */
    public static Object parse(byte[] utf8, int from, int to) {
        JsonParser p = new JsonParser(utf8, from, to, Set.of());
        Object v = p.value();
        p.end();
        return v;
    }

    /**
     * Parses a top-level array of objects, skipping their members named in {@code deferred}, which stay
     * {@link JsonDeferred} bytes until the {@code Json} helpers reach them. {@code ps} defers what no default
     * table shows (a container's NetworkSettings is most of its summary), parsing ~half the text.
     */
    public static Object parseDeferring(byte[] utf8, Set<String> deferred) {
        JsonParser p = new JsonParser(utf8, 0, utf8.length, deferred);
        Object v = p.value();
        p.end();
        return v;
    }

    private static Object resolved(Object v) {
        return v instanceof JsonDeferred d ? d.value() : v;
    }

    /** Compact JSON, escaped as Go's encoding/json does (so {@code <} becomes {@code \u003c}). */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, null, 0, true);
        return sb.toString();
    }

    /** Compact JSON without HTML escaping, as docker's template {@code json} function writes it. */
    public static String writeUnescaped(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, null, 0, false);
        return sb.toString();
    }

    /** Indented JSON, like Go's {@code json.MarshalIndent(v, "", indent)}. */
    public static String writeIndented(Object value, String indent) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, indent, 0, true);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder sb, Object v, String indent, int depth, boolean html) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(sb, s, html);
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof Double || v instanceof Float) {
            sb.append(formatDouble(((Number) v).doubleValue()));
        } else if (v instanceof Number n) {
            sb.append(n);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                newline(sb, indent, depth + 1);
                quote(sb, String.valueOf(e.getKey()), html);
                sb.append(indent == null ? ":" : ": ");
                write(sb, e.getValue(), indent, depth + 1, html);
            }
            newline(sb, indent, depth);
            sb.append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(',');
                newline(sb, indent, depth + 1);
                write(sb, l.get(i), indent, depth + 1, html);
            }
            newline(sb, indent, depth);
            sb.append(']');
        } else {
            quote(sb, v.toString(), html);
        }
    }

    private static void newline(StringBuilder sb, String indent, int depth) {
        if (indent == null) return;
        sb.append('\n');
        sb.append(indent.repeat(depth));
    }

    /** Go's strconv 'g'-like shortest form: integers without ".0", exponents only when huge. */
    static String formatDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return "null";
        double abs = Math.abs(d);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            String s = Double.toString(d).replace("E", "e");
            int e = s.indexOf('e');
            String mant = s.substring(0, e);
            if (mant.endsWith(".0")) mant = mant.substring(0, mant.length() - 2);
            String exp = s.substring(e + 1);
            if (!exp.startsWith("-")) exp = "+" + exp;
            if (exp.length() == 2) exp = exp.charAt(0) + "0" + exp.charAt(1);
            return mant + "e" + exp;
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    static void quote(StringBuilder sb, String s, boolean html) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<', '>', '&' -> {
                    if (html) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
                case '\u2028', '\u2029' -> sb.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    /** Convenience: {@code obj} as a map, or an empty map when it is not one. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object obj) {
        return resolved(obj) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Convenience: {@code obj} as a list, or an empty list when it is not one. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object obj) {
        return resolved(obj) instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** Walks a dotted path of map keys; null when any step is missing. */
    public static Object path(Object root, String... keys) {
        Object cur = resolved(root);
        for (String k : keys) {
            if (!(cur instanceof Map<?, ?> m)) return null;
            cur = resolved(m.get(k));
        }
        return cur;
    }

    public static String str(Object root, String... keys) {
        Object v = path(root, keys);
        return v == null ? "" : v instanceof Double d ? formatDouble(d) : v.toString();
    }

    public static long num(Object root, String... keys) {
        Object v = path(root, keys);
        return v instanceof Number n ? n.longValue() : 0L;
    }

    /** A fresh ordered map, the type the writer keeps in order. */
    public static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    public static List<Object> array() {
        return new ArrayList<>();
    }
}
