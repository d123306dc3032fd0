package dev.berth.cli.format;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * docker's {@code --since}/{@code --until} values, as its timetypes.GetTimestamp reads them:
 * a Go duration before now ("10m"), an RFC 3339 date or date-time (local time when no zone is
 * given), or unix seconds with optional fraction, which pass through unchanged. The result is
 * the API's {@code seconds.nanoseconds} string.
 */
public final class TimeArg {
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH")
            .optionalStart().appendPattern(":mm").optionalStart().appendPattern(":ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd().optionalEnd().optionalEnd()
            .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
            .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
            .toFormatter();
    private static final DateTimeFormatter ZONED = new DateTimeFormatterBuilder()
            .append(LOCAL).appendOffset("+HH:MM", "Z").toFormatter();

    private TimeArg() {}

    public static String toApiTimestamp(String value, Clock clock) {
        Duration d = GoDuration.parse(value);
        if (d != null && !value.equals("0")) {
            return format(clock.instant().minus(d));
        }
        ZoneId zone = clock.getZone();
        if (value.contains("-") || value.contains("T")) {
            return format(parseDate(value.replace('z', 'Z'), zone));
        }
        if (!value.matches("\\d+(\\.\\d{1,9})?")) {
            throw new IllegalArgumentException("failed to parse value as time or duration: \"" + value + "\"");
        }
        return value;
    }

    private static Instant parseDate(String v, ZoneId zone) {
        try {
            if (v.indexOf('T') < 0) {
                if (v.length() > 10) {
                    String offset = v.substring(10).equals("Z") ? "Z" : v.substring(10);
                    return OffsetDateTime.parse(v.substring(0, 10) + "T00:00:00" + offset).toInstant();
                }
                return LocalDate.parse(v).atStartOfDay(zone).toInstant();
            }
            boolean zoned = v.endsWith("Z") || v.matches(".*T.*[+-]\\d\\d:\\d\\d$");
            if (zoned) return OffsetDateTime.parse(v, ZONED).toInstant();
            return LocalDateTime.parse(v, LOCAL).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("failed to parse value as time or duration: \"" + v + "\"");
        }
    }

    static String format(Instant t) {
        return String.format("%d.%09d", t.getEpochSecond(), t.getNano());
    }
}
