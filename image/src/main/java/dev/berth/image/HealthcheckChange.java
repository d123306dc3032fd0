package dev.berth.image;

import dev.berth.image.ImageConfig.HealthConfig;
import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code HEALTHCHECK} change ({@code docker commit/import --change}), as the Dockerfile
 * instruction reads: {@code [--interval=D] [--timeout=D] [--start-period=D] [--start-interval=D]
 * [--retries=N] CMD command} (JSON form kept as CMD, else CMD-SHELL) or {@code NONE}.
 */
final class HealthcheckChange {
    private static final long MINIMUM = 1_000_000L;
    private static final Map<String, Double> UNIT_NANOS = Map.of(
            "ns", 1d, "us", 1e3, "µs", 1e3, "μs", 1e3, "ms", 1e6, "s", 1e9, "m", 60e9, "h", 3600e9);

    private HealthcheckChange() {}

    static HealthConfig parse(String rest, Function<String, List<String>> jsonArray) {
        String s = rest.strip();
        long interval = 0, timeout = 0, startPeriod = 0, startInterval = 0;
        int retries = 0;
        while (s.startsWith("--")) {
            int end = s.indexOf(' ');
            String flag = end < 0 ? s : s.substring(0, end);
            s = end < 0 ? "" : s.substring(end).strip();
            int eq = flag.indexOf('=');
            String name = eq < 0 ? flag.substring(2) : flag.substring(2, eq);
            String value = eq < 0 ? "" : flag.substring(eq + 1);
            switch (name) {
                case "interval" -> interval = duration(name, value);
                case "timeout" -> timeout = duration(name, value);
                case "start-period" -> startPeriod = duration(name, value);
                case "start-interval" -> startInterval = duration(name, value);
                case "retries" -> retries = retries(value);
                default -> throw EngineException.invalid("Unknown flag: " + name);
            }
        }
        if (s.isEmpty()) {
            throw EngineException.invalid("HEALTHCHECK requires at least one argument");
        }
        String[] typeAndArgs = s.split("\\s+", 2);
        String type = typeAndArgs[0].toUpperCase(Locale.ROOT);
        String args = typeAndArgs.length > 1 ? typeAndArgs[1].strip() : "";
        if (type.equals("NONE")) {
            if (!args.isEmpty()) {
                throw EngineException.invalid("HEALTHCHECK NONE takes no arguments");
            }
            return new HealthConfig(List.of("NONE"), 0, 0, 0, 0, 0);
        }
        if (!type.equals("CMD")) {
            throw EngineException.invalid("Unknown type \"" + typeAndArgs[0] + "\" in HEALTHCHECK (try CMD)");
        }
        List<String> test = new ArrayList<>();
        List<String> exec = jsonArray.apply(args);
        if (exec != null) {
            test.add("CMD");
            test.addAll(exec);
        } else if (!args.isEmpty()) {
            test.add("CMD-SHELL");
            test.add(args);
        }
        if (test.size() < 2) {
            throw EngineException.invalid("Missing command after HEALTHCHECK CMD");
        }
        return new HealthConfig(test, interval, timeout, startPeriod, startInterval, retries);
    }

    private static int retries(String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw EngineException.invalid("strconv.ParseInt: parsing \"" + value + "\": invalid syntax");
        }
        if (n < 0) {
            throw EngineException.invalid("--retries cannot be negative (" + n + ")");
        }
        return n;
    }

    /** A Go duration ({@code 30s}, {@code 1m30s}, {@code 500ms}); 0 = unset, else at least 1ms. */
    private static long duration(String flag, String value) {
        long nanos = goDuration(value);
        if (nanos == 0) {
            return 0;
        }
        if (nanos < MINIMUM) {
            throw EngineException.invalid("Interval \"" + flag + "\" cannot be less than 1ms");
        }
        return nanos;
    }

    private static long goDuration(String s) {
        if (s.equals("0")) {
            return 0;
        }
        int i = 0;
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            i++;
        }
        double total = 0;
        if (i >= s.length()) {
            throw EngineException.invalid("time: invalid duration \"" + s + "\"");
        }
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            Double unit = UNIT_NANOS.get(s.substring(unitStart, i));
            if (start == unitStart || unit == null) {
                throw EngineException.invalid("time: invalid duration \"" + s + "\"");
            }
            total += Double.parseDouble(s.substring(start, unitStart)) * unit;
        }
        long nanos = Math.round(total);
        return negative ? -nanos : nanos;
    }
}
