package dev.berth.cli.cmd;

import dev.berth.cli.format.Units;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Times as docker prints them. */
public final class GoTime {
    private GoTime() {}

    /** The formatters, built on first use: a {@code ps} table needs only {@link #ago}. */
    private static final class Formats {
        static final DateTimeFormatter STRING = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");
        static final DateTimeFormatter NANO_FIXED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");
    }

    /** Go's {@code time.Unix(s, 0).String()}: {@code 2024-05-01 10:00:00 +0000 UTC}. */
    public static String unixString(long seconds, Clock clock) {
        return ZonedDateTime.ofInstant(Instant.ofEpochSecond(seconds), clock.getZone()).format(Formats.STRING);
    }

    /** {@code HumanDuration(now - created) + " ago"}. */
    public static String ago(long seconds, Clock clock) {
        Instant now = clock.instant();
        long whole = now.getEpochSecond();
        Ago last = lastAgo;
        // a list's containers are mostly created in the same few seconds: once past the creation, the
        // text depends only on the whole seconds between the two (every unit's boundary is a whole second)
        if (last != null && last.created == seconds && last.now == whole && whole >= seconds) return last.text;
        // Duration.between(created, now), in nanoseconds, without java.time.Duration (its first use
        // initialises BigInteger, a noticeable part of a short command)
        long nanos = (whole - seconds) * 1_000_000_000L + now.getNano();
        String text = Units.humanDuration(nanos) + " ago";
        lastAgo = new Ago(seconds, whole, text);
        return text;
    }

    private record Ago(long created, long now, String text) {}

    private static volatile Ago lastAgo;

    /** docker events' rfc3339NanoFixed in local time. */
    public static String nanoFixed(Instant t, Clock clock) {
        return ZonedDateTime.ofInstant(t, clock.getZone()).format(Formats.NANO_FIXED);
    }
}
