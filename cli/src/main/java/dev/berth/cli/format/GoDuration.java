package dev.berth.cli.format;

import java.time.Duration;
import java.util.Map;

/** Go's {@code time.ParseDuration}: "300ms", "1.5h", "2h45m", "-10s". */
public final class GoDuration {
    private static final Map<String, Double> UNIT_NANOS = Map.of(
            "ns", 1d, "us", 1e3, "µs", 1e3, "μs", 1e3, "ms", 1e6, "s", 1e9, "m", 60e9, "h", 3600e9);

    private GoDuration() {}

    /** The duration, or null when {@code s} is not one. */
    public static Duration parse(String s) {
        if (s == null || s.isEmpty()) return null;
        int i = 0;
        boolean neg = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            neg = s.charAt(0) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) return Duration.ZERO;
        if (i >= s.length()) return null;
        double total = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
            if (start == i) return null;
            double value;
            try {
                value = Double.parseDouble(s.substring(start, i));
            } catch (NumberFormatException e) {
                return null;
            }
            int us = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') i++;
            Double mult = UNIT_NANOS.get(s.substring(us, i));
            if (mult == null) return null;
            total += value * mult;
        }
        long nanos = Math.round(total);
        return Duration.ofNanos(neg ? -nanos : nanos);
    }
}
