package dev.berth.api;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Prometheus's text exposition format, version 0.0.4: per family a {@code # HELP} and a {@code # TYPE}
 * line, then its samples. Labels are written in the order given (callers give a fixed order, so the
 * same series always reads the same); escaping is the format's: in HELP text a backslash and a
 * newline, in label values also a double quote.
 */
public final class MetricsText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);

    /** Starts a family: {@code type} is {@code counter}, {@code gauge}, {@code histogram}, {@code summary} or {@code untyped}. */
    public MetricsText family(String name, String type, String help) {
        checkName(name);
        out.append("# HELP ").append(name).append(' ');
        escape(help, false);
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    public MetricsText sample(String name, double value) {
        return sample(name, Map.of(), value);
    }

    /** One sample; {@code labels} in the order they are to be written (a LinkedHashMap, or Map.of with one entry). */
    public MetricsText sample(String name, Map<String, String> labels, double value) {
        checkName(name);
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (var e : labels.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                checkName(e.getKey());
                out.append(e.getKey()).append("=\"");
                escape(e.getValue(), true);
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /**
     * As Prometheus clients write numbers (Go's shortest form): integers without a fraction, decimals
     * without an exponent in the usual range ({@code 0.0005}, not {@code 5.0E-4}), the specials by name.
     * Also the form for a histogram's {@code le} label, which must read the same on every scrape.
     */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        double abs = Math.abs(v);
        if (abs >= 1e-4 && abs < 1e15) {
            return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        }
        return Double.toString(v);
    }

    private void escape(String s, boolean quote) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quote ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    /** A metric or label name the format allows: [a-zA-Z_:][a-zA-Z0-9_:]*. */
    private static void checkName(String name) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("not a valid metric or label name: " + name);
        }
    }
}
