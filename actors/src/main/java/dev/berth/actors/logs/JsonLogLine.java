package dev.berth.actors.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.spi.runtime.LogEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry as a line of Docker's json-file log: {@code {"log":"hi\n","stream":"stdout","time":"…Z"}\n}, byte
 * for byte as dockerd writes it (moby's {@code jsonlog.JSONLogs}: Go's escaping of {@code <>&}, control
 * characters as six-character escapes, invalid UTF-8 as U+FFFD; the time in UTC, RFC 3339 with trailing zeros of the
 * fraction dropped). A partial entry's text has no newline, as dockerd writes a partial message.
 */
final class JsonLogLine {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] ATTRS_KEY = "\"attrs\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private JsonLogLine() {}

    static byte[] encode(LogEntry e) {
        return encode(e, null);
    }

    /**
     * With the run's attributes ({@link LogAttributes#json}, null for none) between the stream and the time,
     * where dockerd's {@code JSONLogs} puts {@code "attrs"}.
     */
    static byte[] encode(LogEntry e, byte[] attrs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(e.data().length + 80 + (attrs == null ? 0 : attrs.length + 9));
        out.writeBytes("{".getBytes(StandardCharsets.US_ASCII));
        if (e.data().length > 0) {
            out.writeBytes("\"log\":".getBytes(StandardCharsets.US_ASCII));
            writeString(out, e.data());
            out.write(',');
        }
        out.writeBytes(("\"stream\":\"" + (e.stream() == LogEntry.StdStream.STDOUT ? "stdout" : "stderr")
                + "\",").getBytes(StandardCharsets.US_ASCII));
        if (attrs != null) {
            out.writeBytes("\"attrs\":".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(attrs);
            out.write(',');
        }
        out.writeBytes(("\"time\":\"" + time(e.time()) + "\"}\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** The {@code "attrs"} of a line (empty when it has none or is not a log line). */
    static Map<String, String> attrs(byte[] line, int offset, int length) {
        if (indexOf(line, offset, length, ATTRS_KEY) < 0) {
            return Map.of();
        }
        try {
            JsonNode n = JSON.readTree(line, offset, length);
            JsonNode a = n == null ? null : n.get("attrs");
            if (a == null || !a.isObject()) {
                return Map.of();
            }
            Map<String, String> out = new TreeMap<>();
            a.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
            return out;
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static int indexOf(byte[] s, int offset, int length, byte[] what) {
        outer:
        for (int i = offset; i <= offset + length - what.length; i++) {
            for (int k = 0; k < what.length; k++) {
                if (s[i + k] != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The entry a line holds; null for a line that is not one (a torn last line, say). */
    static LogEntry decode(byte[] line, int offset, int length) {
        LogEntry fast = JsonLogLineReader.decode(line, offset, length);
        return fast != null ? fast : decodeTree(line, offset, length);
    }

    /** {@link #decode} through a JSON tree: any line Jackson reads. */
    static LogEntry decodeTree(byte[] line, int offset, int length) {
        JsonNode n;
        try {
            n = JSON.readTree(line, offset, length);
        } catch (IOException e) {
            return null;
        }
        if (n == null || !n.isObject() || !n.hasNonNull("time")) {
            return null;
        }
        Instant time;
        try {
            time = Instant.parse(n.get("time").asText());
        } catch (RuntimeException e) {
            return null;
        }
        byte[] data = n.path("log").asText("").getBytes(StandardCharsets.UTF_8);
        LogEntry.StdStream stream = "stderr".equals(n.path("stream").asText()) ? LogEntry.StdStream.STDERR
                : LogEntry.StdStream.STDOUT;
        boolean partial = data.length == 0 || data[data.length - 1] != '\n';
        return new LogEntry(time, stream, data, partial);
    }

    /** Go's RFC3339Nano in UTC: {@code 2026-12-03T10:14:52.1234Z}. */
    static String time(Instant t) {
        String s = SECONDS.format(t);
        int nanos = t.getNano();
        if (nanos == 0) {
            return s + "Z";
        }
        String frac = String.format("%09d", nanos);
        int end = frac.length();
        while (frac.charAt(end - 1) == '0') {
            end--;
        }
        return s + "." + frac.substring(0, end) + "Z";
    }

    static void writeString(ByteArrayOutputStream out, byte[] s) {
        out.write('"');
        int start = 0;
        int i = 0;
        while (i < s.length) {
            int b = s[i] & 0xff;
            if (b < 0x80) {
                if (b >= 0x20 && b != '\\' && b != '"' && b != '<' && b != '>' && b != '&') {
                    i++;
                    continue;
                }
                out.write(s, start, i - start);
                switch (b) {
                    case '\\', '"' -> {
                        out.write('\\');
                        out.write(b);
                    }
                    case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                    case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                    default -> out.writeBytes(new byte[] {'\\', 'u', '0', '0', HEX[b >> 4], HEX[b & 0xf]});
                }
                start = ++i;
                continue;
            }
            int size = utf8Length(s, i);
            if (size == 0) {
                out.write(s, start, i - start);
                out.writeBytes("\\ufffd".getBytes(StandardCharsets.US_ASCII));
                start = ++i;
                continue;
            }
            // U+2028 and U+2029 (E2 80 A8/A9) end lines in JavaScript: Go escapes them
            if (size == 3 && b == 0xe2 && (s[i + 1] & 0xff) == 0x80 && ((s[i + 2] & 0xff) == 0xa8 || (s[i + 2] & 0xff) == 0xa9)) {
                out.write(s, start, i - start);
                out.writeBytes(("\\u202" + ((s[i + 2] & 0xff) == 0xa8 ? "8" : "9")).getBytes(StandardCharsets.US_ASCII));
                i += 3;
                start = i;
                continue;
            }
            i += size;
        }
        out.write(s, start, s.length - start);
        out.write('"');
    }

    /** The length of the valid UTF-8 sequence at {@code i}, 0 when it is not one (Go's RuneError, size 1). */
    private static int utf8Length(byte[] s, int i) {
        return utf8Length(s, i, s.length);
    }

    /** As {@link #utf8Length(byte[], int)}, the sequence ending by {@code end}. */
    static int utf8Length(byte[] s, int i, int end) {
        int b = s[i] & 0xff;
        int n;
        int min;
        if (b >= 0xc2 && b <= 0xdf) {
            n = 2;
            min = 0x80;
        } else if (b >= 0xe0 && b <= 0xef) {
            n = 3;
            min = 0x800;
        } else if (b >= 0xf0 && b <= 0xf4) {
            n = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        int cp = b & (0xff >> (n + 1));
        for (int k = 1; k < n; k++) {
            int c = s[i + k] & 0xff;
            if ((c & 0xc0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (c & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return 0;
        }
        return n;
    }
}
