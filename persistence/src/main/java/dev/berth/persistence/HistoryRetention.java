package dev.berth.persistence;

import java.time.Duration;

/**
 * daemon.json {@code history-retention}: how long the journal keeps the events of objects that are gone
 * (Go's duration syntax, e.g. {@code "720h"}). Null in the daemon's options means "keep everything",
 * the default.
 *
 * @param maxAge events older than this may be deleted, as {@link JournalPruning} decides; positive
 */
public record HistoryRetention(Duration maxAge) {
    public static final String KEY = "history-retention";

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
        long nanos;
        try {
            nanos = GoDuration.nanos(text);
        } catch (IllegalArgumentException e) {
            throw invalid(text, "time: invalid duration \"" + text + "\"");
        }
        if (nanos <= 0) {
            throw invalid(text, "must be longer than 0");
        }
        return new HistoryRetention(Duration.ofNanos(nanos));
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid " + KEY + " \"" + text + "\": " + why
                + " (a duration such as \"720h\"; leave it out to keep every event)");
    }
}
