package dev.berth.actors.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.spi.runtime.LogEntry;
import java.nio.charset.StandardCharsets;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonLogLineTest {
    private static final Instant T = Instant.parse("2026-12-03T10:14:52.123400000Z");

    private static String encode(String text, boolean partial, LogEntry.StdStream stream) {
        return new String(JsonLogLine.encode(new LogEntry(T, stream, text.getBytes(StandardCharsets.UTF_8), partial)),
                StandardCharsets.UTF_8);
    }

    @Test
    void encode_line_isDockersJsonFileLine() {
        assertThat(encode("hi\n", false, LogEntry.StdStream.STDOUT))
                .isEqualTo("{\"log\":\"hi\\n\",\"stream\":\"stdout\",\"time\":\"2026-12-03T10:14:52.1234Z\"}\n");
    }

    @Test
    void encode_partialAndStderr_keepNoNewline() {
        assertThat(encode("no newline", true, LogEntry.StdStream.STDERR))
                .isEqualTo("{\"log\":\"no newline\",\"stream\":\"stderr\",\"time\":\"2026-12-03T10:14:52.1234Z\"}\n");
    }

    @Test
    void encode_escapesAsGo() {
        assertThat(encode("<a&b>\t\"q\"\\\u2028é\n", false, LogEntry.StdStream.STDOUT))
                .startsWith("{\"log\":\"\\u003ca\\u0026b\\u003e\\u0009\\\"q\\\"\\\\\\u2028é\\n\"");
        byte[] invalid = {'a', (byte) 0xff, 'b', '\n'};
        assertThat(new String(JsonLogLine.encode(new LogEntry(T, LogEntry.StdStream.STDOUT, invalid, false)),
                StandardCharsets.UTF_8)).startsWith("{\"log\":\"a\\ufffdb\\n\"");
    }

    @Test
    void time_wholeSecond_hasNoFraction() {
        assertThat(JsonLogLine.time(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(JsonLogLine.time(Instant.parse("2026-01-02T03:04:05.000000001Z")))
                .isEqualTo("2026-01-02T03:04:05.000000001Z");
    }

    @Test
    void decode_readsBackWhatEncodeWrote() {
        byte[] line = JsonLogLine.encode(new LogEntry(T, LogEntry.StdStream.STDERR, "x <y>\n".getBytes(StandardCharsets.UTF_8), false));
        LogEntry e = JsonLogLine.decode(line, 0, line.length - 1);
        assertThat(e.time()).isEqualTo(T);
        assertThat(e.stream()).isEqualTo(LogEntry.StdStream.STDERR);
        assertThat(new String(e.data(), StandardCharsets.UTF_8)).isEqualTo("x <y>\n");
        assertThat(e.partial()).isFalse();
        assertThat(JsonLogLine.decode("{\"log\":\"to".getBytes(StandardCharsets.UTF_8), 0, 9)).isNull();
    }

    @Test
    void decode_fastPath_agreesWithTheJsonTree_onEncodedLines() {
        Random random = new Random(17);
        byte[][] pieces = {"a".getBytes(StandardCharsets.UTF_8), "\n".getBytes(StandardCharsets.UTF_8),
                "é€😀".getBytes(StandardCharsets.UTF_8), "\u2028<>&\"\\/".getBytes(StandardCharsets.UTF_8),
                {0, 1, 0x1f, '\t', '\r'}, {(byte) 0xff, (byte) 0xc3}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}};
        for (int n = 0; n < 2_000; n++) {
            var data = new ByteArrayOutputStream();
            for (int k = random.nextInt(6); k > 0; k--) {
                data.writeBytes(pieces[random.nextInt(pieces.length)]);
            }
            Instant t = Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            var stream = random.nextBoolean() ? LogEntry.StdStream.STDOUT : LogEntry.StdStream.STDERR;
            byte[] line = JsonLogLine.encode(new LogEntry(t, stream, data.toByteArray(), random.nextBoolean()));
            LogEntry fast = JsonLogLineReader.decode(line, 0, line.length - 1);
            LogEntry tree = JsonLogLine.decodeTree(line, 0, line.length - 1);
            assertThat(fast).as(new String(line, StandardCharsets.UTF_8)).isNotNull();
            assertThat(fast.time()).isEqualTo(tree.time()).isEqualTo(t);
            assertThat(fast.stream()).isEqualTo(tree.stream());
            assertThat(fast.data()).isEqualTo(tree.data());
            assertThat(fast.partial()).isEqualTo(tree.partial());
        }
    }

    @Test
    void decode_otherShapes_goToTheJsonTree() {
        String reordered = "{\"stream\":\"stdout\",\"log\":\"hi\\n\",\"time\":\"2026-12-03T10:14:52.5+01:00\"}";
        byte[] line = reordered.getBytes(StandardCharsets.UTF_8);
        assertThat(JsonLogLineReader.decode(line, 0, line.length)).isNull();
        LogEntry e = JsonLogLine.decode(line, 0, line.length);
        assertThat(e.time()).isEqualTo(Instant.parse("2026-12-03T09:14:52.5Z"));
        assertThat(new String(e.data(), StandardCharsets.UTF_8)).isEqualTo("hi\n");
        byte[] surrogate = "{\"log\":\"\\ud83d\\ude00\",\"stream\":\"stdout\",\"time\":\"2026-12-03T10:14:52Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(JsonLogLineReader.decode(surrogate, 0, surrogate.length)).isNull();
        assertThat(new String(JsonLogLine.decode(surrogate, 0, surrogate.length).data(), StandardCharsets.UTF_8))
                .isEqualTo("😀");
        byte[] badDay = "{\"stream\":\"stdout\",\"time\":\"2026-02-30T10:14:52Z\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonLogLine.decode(badDay, 0, badDay.length)).isNull();
    }
}
