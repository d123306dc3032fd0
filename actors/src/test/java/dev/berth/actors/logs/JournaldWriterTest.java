package dev.berth.actors.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.LogConfig;
import dev.berth.spi.runtime.LogEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** journald's native protocol as go-systemd's journal.Send writes it, with dockerd's fields. */
class JournaldWriterTest {
    private static final String ID = "4f2a".repeat(16);

    @TempDir
    Path dir;

    private JournaldWriter writer(Map<String, String> opts) throws IOException {
        var config = new ContainerConfig("app:1", "", "", "", List.of("STAGE=ci"), List.of(), List.of("sh"), "/",
                Map.of("com.example.team", "core"), List.of(), List.of(), false, false, null, null);
        LogConfig log = new LogConfig(LogConfig.Driver.JOURNALD, opts);
        ContainerInfo info = new ContainerInfo(ID, "web", Instant.EPOCH, "sha256:" + "be".repeat(32), List.of(), config,
                HostConfig.builder().logConfig(log).build(), null, null, 0, false, "", 0, List.of());
        return new JournaldWriter(info, log, "web-tag", dir.resolve("socket"), false);
    }

    /** The fields of one entry: NAME=value lines, or the binary form of a value with a newline. */
    private static Map<String, String> fields(byte[] entry) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < entry.length) {
            int nl = i;
            while (entry[nl] != '\n') {
                nl++;
            }
            String line = new String(entry, i, nl - i, StandardCharsets.UTF_8);
            int eq = line.indexOf('=');
            if (eq >= 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
                i = nl + 1;
            } else {
                long len = ByteBuffer.wrap(entry, nl + 1, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                out.put(line, new String(entry, nl + 9, (int) len, StandardCharsets.UTF_8));
                assertThat(entry[nl + 9 + (int) len]).isEqualTo((byte) '\n');
                i = nl + 10 + (int) len;
            }
        }
        return out;
    }

    @Test
    void anEntry_carriesDockerdsFields_andTheAttributesAsSanitizedKeys() throws IOException {
        JournaldWriter w = writer(Map.of("labels", "com.example.team", "env", "STAGE"));
        Map<String, String> f = fields(w.entry(new LogEntry(Instant.parse("2026-12-06T01:02:03.456789Z"),
                LogEntry.StdStream.STDERR, "boom\n".getBytes(StandardCharsets.UTF_8), false)));
        assertThat(f).containsEntry("MESSAGE", "boom").containsEntry("PRIORITY", "3")
                .containsEntry("CONTAINER_ID", ID.substring(0, 12)).containsEntry("CONTAINER_ID_FULL", ID)
                .containsEntry("CONTAINER_NAME", "web").containsEntry("CONTAINER_TAG", "web-tag")
                .containsEntry("SYSLOG_IDENTIFIER", "web-tag").containsEntry("IMAGE_NAME", "app:1")
                .containsEntry("COM_EXAMPLE_TEAM", "core").containsEntry("STAGE", "ci")
                .containsEntry("SYSLOG_TIMESTAMP", "2026-12-06T01:02:03.456789Z")
                .containsEntry("CONTAINER_LOG_ORDINAL", "1");
        assertThat(f.get("CONTAINER_LOG_EPOCH")).matches("[0-9a-f]{64}");
        Map<String, String> next = fields(w.entry(new LogEntry(Instant.EPOCH, LogEntry.StdStream.STDOUT,
                "\n".getBytes(StandardCharsets.UTF_8), false)));
        assertThat(next).containsEntry("MESSAGE", "").containsEntry("PRIORITY", "6").containsEntry("CONTAINER_LOG_ORDINAL", "2")
                .containsEntry("CONTAINER_LOG_EPOCH", f.get("CONTAINER_LOG_EPOCH"));
    }

    @Test
    void aValueWithANewline_goesInTheBinaryForm_andPiecesOfALongLineAreMarked() throws IOException {
        JournaldWriter w = writer(Map.of());
        byte[] first = w.entry(new LogEntry(Instant.EPOCH, LogEntry.StdStream.STDOUT,
                "a\rb\nc".getBytes(StandardCharsets.UTF_8), true));
        Map<String, String> f = fields(first);
        assertThat(f).containsEntry("MESSAGE", "a\rb\nc").containsEntry("CONTAINER_PARTIAL_MESSAGE", "true")
                .containsEntry("CONTAINER_PARTIAL_ORDINAL", "1").containsEntry("CONTAINER_PARTIAL_LAST", "false");
        Map<String, String> last = fields(w.entry(new LogEntry(Instant.EPOCH, LogEntry.StdStream.STDOUT,
                "d\n".getBytes(StandardCharsets.UTF_8), false)));
        assertThat(last).containsEntry("CONTAINER_PARTIAL_ID", f.get("CONTAINER_PARTIAL_ID"))
                .containsEntry("CONTAINER_PARTIAL_ORDINAL", "2").containsEntry("CONTAINER_PARTIAL_LAST", "true")
                .doesNotContainKey("CONTAINER_PARTIAL_MESSAGE");
        assertThat(fields(w.entry(new LogEntry(Instant.EPOCH, LogEntry.StdStream.STDOUT,
                "e\n".getBytes(StandardCharsets.UTF_8), false)))).doesNotContainKey("CONTAINER_PARTIAL_ID");
    }

    @Test
    void keys_areSanitizedAsDockerdDoes_andNoSocketIsDockerdsError() throws IOException {
        assertThat(JournaldWriter.sanitize("com.example.team")).isEqualTo("COM_EXAMPLE_TEAM");
        assertThat(JournaldWriter.sanitize("__x-y9")).isEqualTo("X_Y9");
        assertThat(JournaldWriter.sanitize("Été")).isEqualTo("T_");
        assertThatThrownBy(() -> writer(Map.of()).send(new LogEntry(Instant.EPOCH, LogEntry.StdStream.STDOUT,
                "x\n".getBytes(StandardCharsets.UTF_8), false))).isInstanceOf(IOException.class)
                .hasMessage("journald is not enabled on this host");
    }
}
