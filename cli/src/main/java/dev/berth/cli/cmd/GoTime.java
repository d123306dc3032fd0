package dev.berth.cli.cmd;

import dev.berth.cli.format.Units;
import java.time.Clock;
import java.time.Duration;
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
        return Units.humanDuration(Duration.between(Instant.ofEpochSecond(seconds), clock.instant())) + " ago";
    }

    /** docker events' rfc3339NanoFixed in local time. */
    public static String nanoFixed(Instant t, Clock clock) {
        return ZonedDateTime.ofInstant(t, clock.getZone()).format(Formats.NANO_FIXED);
    }
}
