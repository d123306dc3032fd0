package dev.berth.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
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
        if (t == null) {
            return "0001-01-01T00:00:00Z";
        }
        long secs = t.getEpochSecond();
        if (secs < YEAR_0 || secs >= YEAR_10000) {
            return t.toString(); // a sign or a fifth digit: the formatter's rules
        }
        // Instant.toString's text (fraction in groups of three digits) without its formatter, which was a
        // tenth of an inspect's rendering: three or more of these per container
        LocalDateTime d = LocalDateTime.ofEpochSecond(secs, 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(30);
        digits(b, d.getYear(), 4).append('-');
        digits(b, d.getMonthValue(), 2).append('-');
        digits(b, d.getDayOfMonth(), 2).append('T');
        digits(b, d.getHour(), 2).append(':');
        digits(b, d.getMinute(), 2).append(':');
        digits(b, d.getSecond(), 2);
        int nano = t.getNano();
        if (nano != 0) {
            b.append('.');
            if (nano % 1_000_000 == 0) {
                digits(b, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(b, nano / 1_000, 6);
            } else {
                digits(b, nano, 9);
            }
        }
        return b.append('Z').toString();
    }

    private static final long YEAR_0 = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long YEAR_10000 = LocalDateTime.of(10000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

    /** {@code value} (not negative) with leading zeros to {@code width} digits. */
    private static StringBuilder digits(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }

    /** RFC 3339 with exactly nine fraction digits, as {@code docker logs -t} prints. */
    static String fixedNanos(Instant t) {
        return NANOS.format(t);
    }

    private HumanTime() {}
}
