package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.spi.runtime.LogEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K8sFileLogStreamTest {

    private static String text(LogEntry e) {
        return new String(e.data(), StandardCharsets.UTF_8);
    }

    @Test
    void parse_fullAndPartialLines() {
        LogEntry full = K8sFileLogStream.parse("2024-05-01T10:00:00.123456789+02:00 stdout F hello world".getBytes());
        assertThat(full.time()).isEqualTo(Instant.parse("2024-05-01T08:00:00.123456789Z"));
        assertThat(text(full)).isEqualTo("hello world\n");
        assertThat(full.partial()).isFalse();
        LogEntry partial = K8sFileLogStream.parse("2024-05-01T10:00:00Z stderr P abc".getBytes());
        assertThat(partial.stream()).isEqualTo(LogEntry.StdStream.STDERR);
        assertThat(text(partial)).isEqualTo("abc");
        assertThat(partial.partial()).isTrue();
        assertThat(text(K8sFileLogStream.parse("2024-05-01T10:00:00Z stdout F".getBytes()))).isEqualTo("\n");
        assertThat(K8sFileLogStream.parse("garbage".getBytes())).isNull();
    }

    @Test
    void poll_fileAppearsAndGrows_followsIt(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("container.log");
        try (K8sFileLogStream s = new K8sFileLogStream(log, false)) {
            assertThat(s.poll(Duration.ofMillis(60))).isNull();
            Files.writeString(log, "2024-05-01T10:00:00Z stdout F one\n2024-05-01T10:00:01Z std");
            assertThat(text(s.poll(Duration.ofSeconds(1)))).isEqualTo("one\n");
            assertThat(s.poll(Duration.ofMillis(60))).isNull();
            Files.writeString(log, "out F two\n", StandardOpenOption.APPEND);
            assertThat(text(s.poll(Duration.ofSeconds(1)))).isEqualTo("two\n");
        }
    }

    @Test
    void poll_fromEnd_skipsExisting(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("container.log");
        Files.writeString(log, "2024-05-01T10:00:00Z stdout F old\n");
        try (K8sFileLogStream s = new K8sFileLogStream(log, true)) {
            assertThat(s.poll(Duration.ofMillis(60))).isNull();
            Files.writeString(log, "2024-05-01T10:00:00Z stdout F new\n", StandardOpenOption.APPEND);
            assertThat(text(s.poll(Duration.ofSeconds(1)))).isEqualTo("new\n");
        }
    }
}
