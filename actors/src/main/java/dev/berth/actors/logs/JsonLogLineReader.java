package dev.berth.actors.logs;

import dev.berth.spi.runtime.LogEntry;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * The fast path of {@link JsonLogLine#decode}: a line in exactly the shape {@link JsonLogLine#encode} writes
 * ({@code {"log":"…","stream":"stdout","time":"…Z"}}, keys in that order, the log left out when empty) decoded
 * without a JSON tree or a date-time formatter, which were most of {@code docker logs}' CPU (a 50 MB log is a
 * million lines). Anything else — another key order, a surrogate escape, invalid UTF-8, a time in another form —
 * answers null and is left to Jackson, so both paths accept and reject the same lines.
 */
final class JsonLogLineReader {
    private static final byte[] LOG = ascii("{\"log\":\"");
    private static final byte[] NO_LOG = ascii("{\"stream\":\"");
    private static final byte[] STREAM = ascii(",\"stream\":\"");
    private static final byte[] STDOUT = ascii("stdout\",\"time\":\"");
    private static final byte[] STDERR = ascii("stderr\",\"time\":\"");
    private static final byte[] NOTHING = new byte[0];

    private JsonLogLineReader() {}

    /** The entry, or null when the line is not in the encoder's exact shape. */
    static LogEntry decode(byte[] b, int offset, int length) {
        int end = offset + length;
        int i;
        byte[] data;
        if (at(b, offset, end, LOG)) {
            i = offset + LOG.length;
            byte[] out = new byte[end - i];
            int n = 0;
            while (true) {
                if (i >= end) {
                    return null;
                }
                int c = b[i] & 0xff;
                if (c == '"') {
                    i++;
                    break;
                }
                if (c == '\\') {
                    if (i + 1 >= end) {
                        return null;
                    }
                    int e = b[i + 1];
                    switch (e) {
                        case 'n' -> out[n++] = '\n';
                        case 'r' -> out[n++] = '\r';
                        case 't' -> out[n++] = '\t';
                        case 'b' -> out[n++] = '\b';
                        case 'f' -> out[n++] = '\f';
                        case '"', '\\', '/' -> out[n++] = (byte) e;
                        case 'u' -> {
                            int cp = i + 6 <= end ? hex4(b, i + 2) : -1;
                            if (cp < 0 || (cp >= 0xd800 && cp <= 0xdfff)) {
                                return null;
                            }
                            n = utf8(cp, out, n);
                            i += 4;
                        }
                        default -> {
                            return null;
                        }
                    }
                    i += 2;
                } else if (c < 0x20) {
                    return null;
                } else if (c < 0x80) {
                    out[n++] = (byte) c;
                    i++;
                } else {
                    int size = JsonLogLine.utf8Length(b, i, end);
                    if (size == 0) {
                        return null;
                    }
                    System.arraycopy(b, i, out, n, size);
                    n += size;
                    i += size;
                }
            }
            if (!at(b, i, end, STREAM)) {
                return null;
            }
            i += STREAM.length;
            data = Arrays.copyOf(out, n);
        } else if (at(b, offset, end, NO_LOG)) {
            i = offset + NO_LOG.length;
            data = NOTHING;
        } else {
            return null;
        }
        LogEntry.StdStream stream;
        if (at(b, i, end, STDOUT)) {
            stream = LogEntry.StdStream.STDOUT;
        } else if (at(b, i, end, STDERR)) {
            stream = LogEntry.StdStream.STDERR;
        } else {
            return null;
        }
        i += STDOUT.length;
        // the time runs to the closing `"}` that ends the line
        if (end - i < 3 || b[end - 1] != '}' || b[end - 2] != '"') {
            return null;
        }
        Instant time = time(b, i, end - 2);
        if (time == null) {
            return null;
        }
        boolean partial = data.length == 0 || data[data.length - 1] != '\n';
        return new LogEntry(time, stream, data, partial);
    }

    /** {@code 2026-12-03T10:14:52[.fraction]Z} (what the encoder writes), else null. */
    static Instant time(byte[] b, int from, int to) {
        if (to - from < 20 || b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T'
                || b[from + 13] != ':' || b[from + 16] != ':' || b[to - 1] != 'Z') {
            return null;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        int i = from + 19;
        if (i < to - 1) {
            int places = to - 1 - (i + 1);
            if (b[i] != '.' || places < 1 || places > 9) {
                return null;
            }
            nanos = digits(b, i + 1, places);
            if (nanos < 0) {
                return null;
            }
            for (int k = places; k < 9; k++) {
                nanos *= 10;
            }
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(byte[] b, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int hex4(byte[] b, int from) {
        int v = 0;
        for (int i = from; i < from + 4; i++) {
            int d = Character.digit(b[i], 16);
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private static int utf8(int cp, byte[] out, int n) {
        if (cp < 0x80) {
            out[n++] = (byte) cp;
        } else if (cp < 0x800) {
            out[n++] = (byte) (0xc0 | cp >> 6);
            out[n++] = (byte) (0x80 | cp & 0x3f);
        } else {
            out[n++] = (byte) (0xe0 | cp >> 12);
            out[n++] = (byte) (0x80 | cp >> 6 & 0x3f);
            out[n++] = (byte) (0x80 | cp & 0x3f);
        }
        return n;
    }

    private static boolean at(byte[] b, int i, int end, byte[] literal) {
        return end - i >= literal.length && Arrays.equals(b, i, i + literal.length, literal, 0, literal.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
