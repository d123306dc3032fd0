package dev.berth.dockerfile;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/** Go's duration syntax ("1m30s", "1.5h", "300ms"), which HEALTHCHECK's flags take. */
final class GoDuration {

    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.startsWith("-");
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (number.isEmpty() || number.equals(".")) {
                throw invalid(text);
            }
            if (unit.isEmpty()) {
                throw new DockerfileException("time: missing unit in duration \"" + text + "\"");
            }
            Long nanos = UNIT_NANOS.get(unit);
            if (nanos == null) {
                throw new DockerfileException("time: unknown unit \"" + unit + "\" in duration \"" + text + "\"");
            }
            try {
                total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(nanos)));
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
        }
        long n = total.longValue();
        return Duration.ofNanos(negative ? -n : n);
    }

    private static DockerfileException invalid(String text) {
        return new DockerfileException("time: invalid duration \"" + text + "\"");
    }
}
