package dev.berth.actors.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {
    @TempDir
    Path dir;

    private static byte[] line(char c, int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) c);
        b[length - 1] = '\n';
        return b;
    }

    private static String readAll(LogFiles files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (InputStream in : files.openAll()) {
            try (in) {
                in.transferTo(out);
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void write_smallAndLargerThanTheBuffer_landsInOrderAfterFlush() throws IOException {
        Path base = dir.resolve("c-json.log");
        byte[] small = line('a', 100);
        byte[] large = line('b', LogFiles.MAX_BUFFER + 5);
        byte[] fill = line('c', LogFiles.MAX_BUFFER - 50);
        try (LogFiles files = new LogFiles(base, 0, 1, false)) {
            files.write(small);
            files.write(large);
            files.write(fill);
            files.write(small);
            assertThat(files.size()).isEqualTo(2L * small.length + large.length + fill.length);
            files.flush();
            assertThat(Files.size(base)).isEqualTo(files.size());
            assertThat(readAll(files)).isEqualTo(new String(small, StandardCharsets.US_ASCII)
                    + new String(large, StandardCharsets.US_ASCII) + new String(fill, StandardCharsets.US_ASCII)
                    + new String(small, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void close_unflushedWrites_areInTheFile() throws IOException {
        Path base = dir.resolve("c-json.log");
        try (LogFiles files = new LogFiles(base, 0, 1, false)) {
            files.write(line('a', 10));
        }
        assertThat(Files.readString(base)).isEqualTo("aaaaaaaaa\n");
    }

    @Test
    void openAll_afterWritesWithoutFlush_readsThemAndWritingGoesOn() throws IOException {
        Path base = dir.resolve("c-json.log");
        try (LogFiles files = new LogFiles(base, 0, 1, false)) {
            files.write(line('a', 5));
            assertThat(readAll(files)).isEqualTo("aaaa\n");
            files.write(line('b', 5));
            files.flush();
            assertThat(Files.readString(base)).isEqualTo("aaaa\nbbbb\n");
        }
    }
}
