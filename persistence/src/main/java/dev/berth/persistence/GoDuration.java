package dev.berth.persistence;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's {@code time.ParseDuration} ({@code 1h30m}, {@code 1.5s}, {@code -200ms}, {@code 0}), with Go's messages. */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private GoDuration() {}

    /**
     * The duration in nanoseconds.
     *
     * @throws IllegalArgumentException with Go's words ({@code time: invalid duration "x"}, {@code time: missing
     *     unit in duration "5"})
     */
    public static long nanos(String text) {
        String s = text == null ? "" : text;
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.startsWith("-");
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
        }
        Matcher m = PART.matcher(s);
        int at = 0;
        BigDecimal total = BigDecimal.ZERO;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException(s.substring(at).matches("[0-9.]+")
                        ? "time: missing unit in duration \"" + text + "\""
                        : "time: invalid duration \"" + text + "\"");
            }
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.add(new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1))
                    .multiply(BigDecimal.valueOf(unit)));
            at = m.end();
        }
        long nanos = total.longValue();
        return negative ? -nanos : nanos;
    }
}
