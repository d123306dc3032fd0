package dev.berth.actors.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.spi.runtime.LogEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureReaderTest {
    private static final String PREFIX = "2026-12-03T10:00:00.000000001+00:00 stdout F ";

    @TempDir
    Path dir;

    private Path append(String text) throws IOException {
        Path file = dir.resolve("container.log");
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return file;
    }

    private static List<String> drain(CaptureReader r) throws IOException {
        List<String> out = new ArrayList<>();
        LogEntry e;
        while ((e = r.next()) != null) {
            out.add(new String(e.data(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void next_linesLongerThanOneRead_comeWholeWithExactOffsets() throws IOException {
        String longText = "x".repeat(3 * CaptureReader.MAX_READ + 17);
        Path file = append(PREFIX + "a\n" + PREFIX + longText + "\n" + PREFIX + "b\n");
        try (CaptureReader r = new CaptureReader(file, 0)) {
            assertThat(drain(r)).containsExactly("a\n", longText + "\n", "b\n");
            assertThat(r.offset()).isEqualTo(Files.size(file));
            assertThat(r.more()).isFalse();
        }
    }

    @Test
    void next_partialLineThenRest_returnsItOnceCompleteAfterNull() throws IOException {
        Path file = append(PREFIX + "first\n" + PREFIX + "sec");
        try (CaptureReader r = new CaptureReader(file, 0)) {
            assertThat(drain(r)).containsExactly("first\n");
            long afterFirst = r.offset();
            append("ond\n" + PREFIX + "third\n");
            assertThat(drain(r)).containsExactly("second\n", "third\n");
            assertThat(afterFirst).isEqualTo(PREFIX.length() + "first\n".length());
            assertThat(r.offset()).isEqualTo(Files.size(file));
        }
    }

    @Test
    void next_fromSavedOffset_resumesAtThatLine() throws IOException {
        Path file = append(PREFIX + "one\n" + PREFIX + "two\n");
        try (CaptureReader r = new CaptureReader(file, PREFIX.length() + "one\n".length())) {
            assertThat(drain(r)).containsExactly("two\n");
        }
    }

    @Test
    void next_noFileYet_returnsNullThenReadsItOnceWritten() throws IOException {
        Path file = dir.resolve("container.log");
        try (CaptureReader r = new CaptureReader(file, 0)) {
            assertThat(r.next()).isNull();
            append(PREFIX + "late\n");
            assertThat(drain(r)).containsExactly("late\n");
        }
    }
}
