package dev.berth.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Docker's ways of writing time: go-units' human durations and RFC 3339 with nanoseconds. */
final class HumanTime {
    private static final DateTimeFormatter NANOS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** {@code Less than a second}, {@code 5 seconds}, {@code About a minute}, {@code 3 hours}, … */
    static String duration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.toSeconds() / 3600.0);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        }
        if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }

    static String since(Instant t) {
        return between(t, Instant.now());
    }

    static String between(Instant t, Instant now) {
        return duration(Duration.between(t, now));
    }

    /** RFC 3339 with trailing zeros trimmed, as Go's RFC3339Nano; null → Docker's zero time. */
    static String rfc3339(Instant t) {
        return t == null ? "0001-01-01T00:00:00Z" : t.toString();
    }

    /** RFC 3339 with exactly nine fraction digits, as {@code docker logs -t} prints. */
    static String fixedNanos(Instant t) {
        return NANOS.format(t);
    }

    private HumanTime() {}
}
