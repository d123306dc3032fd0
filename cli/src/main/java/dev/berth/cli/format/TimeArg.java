package dev.berth.cli.format;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * docker's {@code --since}/{@code --until} values, as its timetypes.GetTimestamp reads them:
 * a Go duration before now ("10m"), an RFC 3339 date or date-time (in the local zone's current
 * offset when no zone is given), or unix seconds with optional fraction, which pass through
 * unchanged. The result is the API's {@code seconds.nanoseconds} string. A value with a dash that
 * is no such date is refused with Go's time.Parse message ({@code parsing time "2020-13-01": month
 * out of range}); anything else with docker's "failed to parse value as time or duration".
 */
public final class TimeArg {
    private TimeArg() {}

    public static String toApiTimestamp(String value, Clock clock) {
        Duration d = GoDuration.parse(value);
        if (d != null && !value.equals("0")) {
            return format(clock.instant().minus(d));
        }
        // as docker: a zone letter, a '+' or three dashes mean the value carries its zone
        boolean local = !(value.chars().anyMatch(c -> c == 'z' || c == 'Z' || c == '+') || count(value, '-') == 3);
        String layout;
        if (value.contains(".")) {
            layout = local ? "2006-01-02T15:04:05.999999999" : "2006-01-02T15:04:05.999999999Z07:00";
        } else if (value.contains("T")) {
            int colons = count(value, ':');
            if (!local && value.indexOf('z') < 0 && value.indexOf('Z') < 0 && colons > 0) {
                colons--; // the offset's
            }
            String time = colons == 0 ? "15" : colons == 1 ? "15:04" : "15:04:05";
            layout = "2006-01-02T" + time + (local ? "" : "Z07:00");
        } else {
            layout = local ? "2006-01-02" : "2006-01-02Z07:00";
        }
        try {
            ZoneOffset offset = clock.getZone().getRules().getOffset(clock.instant());
            return format(GoTimeLayout.parse(layout, value, offset));
        } catch (GoTimeLayout.ParseError e) {
            if (value.contains("-")) {
                throw e;
            }
            if (!unixSeconds(value)) {
                throw new IllegalArgumentException("failed to parse value as time or duration: \"" + value + "\"");
            }
            return value;
        }
    }

    /** docker's parseTimestamp: Go ints (64-bit, optional sign) for the seconds and the part after a dot. */
    private static boolean unixSeconds(String value) {
        int dot = value.indexOf('.');
        try {
            Long.parseLong(dot < 0 ? value : value.substring(0, dot));
            if (dot >= 0) {
                Long.parseLong(value.substring(dot + 1));
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(ch -> ch == c).count();
    }

    static String format(Instant t) {
        return String.format("%d.%09d", t.getEpochSecond(), t.getNano());
    }
}
