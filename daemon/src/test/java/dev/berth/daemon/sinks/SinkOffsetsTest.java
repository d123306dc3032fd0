package dev.berth.daemon.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.persistence.events.EventCursor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkOffsetsTest {
    @TempDir
    Path root;

    @Test
    void read_nothingStored_fromTheStart() {
        assertThat(new SinkOffsets(root).read("audit")).isEqualTo(EventCursor.START);
    }

    @Test
    void write_thenReadByAnotherStore_samePositionPerSink() throws Exception {
        var offsets = new SinkOffsets(root);
        offsets.write("audit", new EventCursor(41, 1));
        offsets.write("audit", new EventCursor(42, 0));
        offsets.write("other", new EventCursor(7, 0));
        var again = new SinkOffsets(root);
        assertThat(again.read("audit")).isEqualTo(new EventCursor(42, 0));
        assertThat(again.read("other")).isEqualTo(new EventCursor(7, 0));
        assertThat(Files.readString(root.resolve("event-sinks/audit.cursor"))).isEqualTo("42.0\n");
        assertThat(root.resolve("event-sinks/audit.cursor.tmp")).doesNotExist();
    }

    @Test
    void read_garbage_fromTheStartRatherThanSkipping() throws Exception {
        Files.createDirectories(root.resolve("event-sinks"));
        Files.writeString(root.resolve("event-sinks/audit.cursor"), "4x2");
        assertThat(new SinkOffsets(root).read("audit")).isEqualTo(EventCursor.START);
    }
}
