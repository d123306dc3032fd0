package dev.berth.cli.format;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code time.Parse} for the layouts docker's timetypes.GetTimestamp picks ({@code 2006-01-02},
 * {@code 2006-01-02T15:04:05.999999999Z07:00} and the forms between), with Go's error messages:
 * {@code parsing time "2020-13-01": month out of range}, {@code parsing time "2020-1-01" as
 * "2006-01-02": cannot parse "1-01" as "01"}. Only the layout elements those layouts use are known.
 */
final class GoTimeLayout {
    /** Go's time.ParseError, worded as its Error method words it. */
    static final class ParseError extends IllegalArgumentException {
        ParseError(String message) {
            super(message);
        }
    }

    private enum Std { YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, FRACTION, ZONE }

    /** One piece of a layout: the literal text before an element, and the element (null at the end). */
    private record Chunk(String prefix, Std std, String stdText) {}

    private GoTimeLayout() {}

    /** {@code value} read with {@code layout}; {@code local} is the zone when the layout has none or the value gives none. */
    static Instant parse(String layout, String value, ZoneOffset local) {
        int year = 0;
        int month = 1;
        int day = 1;
        int hour = 0;
        int minute = 0;
        int second = 0;
        int nanos = 0;
        int offsetSeconds = local.getTotalSeconds();
        String rest = value;
        List<Chunk> chunks = chunks(layout);
        for (int c = 0; c < chunks.size(); c++) {
            Chunk chunk = chunks.get(c);
            String skipped = skip(rest, chunk.prefix());
            if (skipped == null) {
                throw cannotParse(layout, value, rest, chunk.prefix());
            }
            rest = skipped;
            if (chunk.std() == null) {
                if (!rest.isEmpty()) {
                    throw new ParseError("parsing time " + quote(value) + ": extra text: " + quote(rest));
                }
                break;
            }
            String hold = rest;
            String range = null;
            boolean bad = false;
            switch (chunk.std()) {
                case YEAR -> {
                    if (rest.length() < 4 || !digit(rest, 0) || !allDigits(rest.substring(0, 4))) {
                        bad = true;
                    } else {
                        year = Integer.parseInt(rest.substring(0, 4));
                        rest = rest.substring(4);
                    }
                }
                case MONTH, DAY, MINUTE, SECOND, HOUR -> {
                    boolean fixed = chunk.std() != Std.HOUR;
                    int n = number(rest, fixed);
                    if (n < 0) {
                        bad = true;
                        break;
                    }
                    rest = rest.substring(digit(rest, 1) ? 2 : 1);
                    switch (chunk.std()) {
                        case MONTH -> {
                            month = n;
                            range = n < 1 || n > 12 ? "month" : null;
                        }
                        case DAY -> day = n;
                        case HOUR -> {
                            hour = n;
                            range = n >= 24 ? "hour" : null;
                        }
                        case MINUTE -> {
                            minute = n;
                            range = n >= 60 ? "minute" : null;
                        }
                        default -> {
                            second = n;
                            range = n >= 60 ? "second" : null;
                            // a fraction the layout does not ask for is read all the same, as Go does
                            boolean fractionNext = c + 1 < chunks.size() && chunks.get(c + 1).std() == Std.FRACTION;
                            if (range == null && !fractionNext && rest.length() >= 2 && period(rest.charAt(0))
                                    && digit(rest, 1)) {
                                int end = 2;
                                while (end < rest.length() && digit(rest, end)) {
                                    end++;
                                }
                                nanos = nanoseconds(rest, end);
                                rest = rest.substring(end);
                            }
                        }
                    }
                }
                case FRACTION -> {
                    if (rest.length() >= 2 && period(rest.charAt(0)) && digit(rest, 1)) {
                        int end = 2;
                        while (end < rest.length() && digit(rest, end)) {
                            end++;
                        }
                        nanos = nanoseconds(rest, end);
                        rest = rest.substring(end);
                    }
                }
                case ZONE -> {
                    if (!rest.isEmpty() && rest.charAt(0) == 'Z') {
                        rest = rest.substring(1);
                        offsetSeconds = 0;
                        break;
                    }
                    if (rest.length() < 6 || rest.charAt(3) != ':') {
                        bad = true;
                        break;
                    }
                    // as Go: the minutes are read only after good hours, a range error wins over a bad sign
                    int hours = number(rest.substring(1, 3), true);
                    int minutes = hours < 0 ? -1 : number(rest.substring(4, 6), true);
                    char sign = rest.charAt(0);
                    rest = rest.substring(6);
                    range = minutes > 60 ? "time zone offset minute" : hours > 24 ? "time zone offset hour" : null;
                    bad = hours < 0 || minutes < 0 || (sign != '+' && sign != '-');
                    if (range == null && !bad) {
                        int seconds = (hours * 60 + minutes) * 60;
                        offsetSeconds = sign == '-' ? -seconds : seconds;
                    }
                }
            }
            if (range != null) {
                throw new ParseError("parsing time " + quote(value) + ": " + range + " out of range");
            }
            if (bad) {
                throw cannotParse(layout, value, hold, chunk.stdText());
            }
        }
        if (day < 1 || day > YearMonth.of(year, month).lengthOfMonth()) {
            throw new ParseError("parsing time " + quote(value) + ": day out of range");
        }
        // Go allows offsets up to 24:60, beyond java.time's ±18:00: applied by hand
        return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC)
                .minusSeconds(offsetSeconds);
    }

    /** The layout's literals and elements, as Go's nextStdChunk cuts them (for the elements above only). */
    private static List<Chunk> chunks(String layout) {
        List<Chunk> out = new ArrayList<>();
        int literalStart = 0;
        int i = 0;
        while (i < layout.length()) {
            Std std = null;
            int len = 0;
            if (layout.startsWith("2006", i)) {
                std = Std.YEAR;
                len = 4;
            } else if (layout.startsWith("01", i)) {
                std = Std.MONTH;
                len = 2;
            } else if (layout.startsWith("02", i)) {
                std = Std.DAY;
                len = 2;
            } else if (layout.startsWith("15", i)) {
                std = Std.HOUR;
                len = 2;
            } else if (layout.startsWith("04", i)) {
                std = Std.MINUTE;
                len = 2;
            } else if (layout.startsWith("05", i)) {
                std = Std.SECOND;
                len = 2;
            } else if (layout.startsWith(".999999999", i)) {
                std = Std.FRACTION;
                len = 10;
            } else if (layout.startsWith("Z07:00", i)) {
                std = Std.ZONE;
                len = 6;
            }
            if (std == null) {
                i++;
                continue;
            }
            out.add(new Chunk(layout.substring(literalStart, i), std, layout.substring(i, i + len)));
            i += len;
            literalStart = i;
        }
        out.add(new Chunk(layout.substring(literalStart), null, ""));
        return out;
    }

    /** The value after {@code prefix}, or null when it does not start with it. */
    private static String skip(String value, String prefix) {
        return value.startsWith(prefix) ? value.substring(prefix.length()) : null;
    }

    /** Go's getnum: one or two digits ({@code fixed}: exactly two); -1 when there are none. */
    private static int number(String s, boolean fixed) {
        if (!digit(s, 0)) {
            return -1;
        }
        if (!digit(s, 1)) {
            return fixed ? -1 : s.charAt(0) - '0';
        }
        return (s.charAt(0) - '0') * 10 + (s.charAt(1) - '0');
    }

    /** The digits after the period of {@code s.substring(0, end)}, scaled to nanoseconds (beyond nine cut). */
    private static int nanoseconds(String s, int end) {
        String digits = s.substring(1, Math.min(end, 10));
        return Integer.parseInt((digits + "000000000").substring(0, 9));
    }

    private static boolean period(char c) {
        return c == '.' || c == ',';
    }

    private static boolean digit(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    private static boolean allDigits(String s) {
        return s.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    private static ParseError cannotParse(String layout, String value, String valueElem, String layoutElem) {
        return new ParseError("parsing time " + quote(value) + " as " + quote(layout) + ": cannot parse "
                + quote(valueElem) + " as " + quote(layoutElem));
    }

    /** Go's strconv.Quote for the printable ASCII a command line gives; other characters as \\u escapes. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x80) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
