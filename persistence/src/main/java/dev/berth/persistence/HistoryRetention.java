package dev.berth.persistence;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * daemon.json {@code history-retention}: how long the journal keeps the events of objects that are gone
 * (Go's duration syntax, e.g. {@code "720h"}). Null in the daemon's options means "keep everything",
 * the default.
 *
 * @param maxAge events older than this may be deleted, as {@link JournalPruning} decides; positive
 */
public record HistoryRetention(Duration maxAge) {
    public static final String KEY = "history-retention";

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> UNIT_NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    public HistoryRetention {
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("invalid " + KEY + ": must be a positive duration, got " + maxAge);
        }
    }

    /**
     * Reads Go's duration syntax ({@code 1h30m}, {@code 90s}, {@code 720h}).
     *
     * @throws IllegalArgumentException naming the key, for malformed text or a duration that is not positive
     */
    public static HistoryRetention parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(text, "empty duration");
        }
        Matcher m = PART.matcher(text);
        int at = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw invalid(text, "time: invalid duration \"" + text + "\"");
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(UNIT_NANOS.get(m.group(2)))));
            at = m.end();
        }
        if (nanos.signum() <= 0) {
            throw invalid(text, "must be longer than 0");
        }
        return new HistoryRetention(Duration.ofNanos(nanos.longValueExact()));
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid " + KEY + " \"" + text + "\": " + why
                + " (a duration such as \"720h\"; leave it out to keep every event)");
    }
}
