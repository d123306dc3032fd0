package dev.berth.actors.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.spi.runtime.LogEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
}
