package dev.berth.actors.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.persistence.container.LogConfig;
import dev.berth.spi.runtime.LogEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogShipperTest {
    private static final String ID = "c0ffee";

    @TempDir
    Path dir;

    private void capture(int from, int to) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = from; i <= to; i++) {
            b.append(String.format("2026-12-03T10:00:00.%09d+00:00 stdout F line %05d%n", i, i));
        }
        Files.writeString(dir.resolve("container.log"), b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> all(Reading r) throws IOException {
        List<String> out = new ArrayList<>();
        LogEntry e;
        while ((e = r.poll(Duration.ZERO)) != null) {
            out.add(new String(e.data(), StandardCharsets.UTF_8).strip());
        }
        return out;
    }

    private static List<String> lines(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(String.format("line %05d", i));
        }
        return out;
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(ID)).sorted().toList();
        }
    }

    @Test
    void ship_jsonFile_writesDockersLinesAtLogPath() throws IOException {
        capture(1, 2);
        try (LogShipper s = LogShipper.open(dir, ID, LogConfig.DEFAULT, HolePunch.NONE)) {
            s.ship();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(ID + "-json.log"))))
                .isEqualTo("rw-r-----");
        assertThat(Files.readAllLines(dir.resolve(ID + "-json.log"))).containsExactly(
                "{\"log\":\"line 00001\\n\",\"stream\":\"stdout\",\"time\":\"2026-12-03T10:00:00.000000001Z\"}",
                "{\"log\":\"line 00002\\n\",\"stream\":\"stdout\",\"time\":\"2026-12-03T10:00:00.000000002Z\"}");
    }

    @Test
    void ship_piecesOfALineInOneBatch_oneEntryAtTheLinesEnd_piecesStillOpenStayPartial() throws IOException {
        // conmon writes each read of the pipe: a line printed in three writes is three capture entries
        Files.writeString(dir.resolve("container.log"), """
                2026-12-03T10:00:00.000000001+00:00 stdout P abc
                2026-12-03T10:00:00.000000002+00:00 stderr F oops
                2026-12-03T10:00:00.000000003+00:00 stdout P def
                2026-12-03T10:00:00.000000004+00:00 stdout F ghi
                2026-12-03T10:00:00.000000005+00:00 stdout P open
                """, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        try (LogShipper s = LogShipper.open(dir, ID, LogConfig.DEFAULT, HolePunch.NONE)) {
            s.ship();
            Files.writeString(dir.resolve("container.log"), "2026-12-03T10:00:01.000000000+00:00 stdout F ed\n",
                    StandardOpenOption.APPEND);
            s.ship();
        }
        assertThat(Files.readAllLines(dir.resolve(ID + "-json.log"))).containsExactly(
                "{\"log\":\"oops\\n\",\"stream\":\"stderr\",\"time\":\"2026-12-03T10:00:00.000000002Z\"}",
                "{\"log\":\"abcdefghi\\n\",\"stream\":\"stdout\",\"time\":\"2026-12-03T10:00:00.000000004Z\"}",
                // the batch ended with the line open: written as it was, the rest follows in the next batch
                "{\"log\":\"open\",\"stream\":\"stdout\",\"time\":\"2026-12-03T10:00:00.000000005Z\"}",
                "{\"log\":\"ed\\n\",\"stream\":\"stdout\",\"time\":\"2026-12-03T10:00:01Z\"}");
    }

    @Test
    void ship_maxSize_rotatesKeepingMaxFileAndReadsAcrossThem() throws IOException {
        var config = new LogConfig(LogConfig.Driver.JSON_FILE, Map.of("max-size", "1k", "max-file", "3"));
        capture(1, 100);
        try (LogShipper s = LogShipper.open(dir, ID, config, HolePunch.NONE)) {
            s.ship();
            assertThat(files()).containsExactly(ID + "-json.log", ID + "-json.log.1", ID + "-json.log.2");
            assertThat(Files.size(dir.resolve(ID + "-json.log.1"))).isBetween(1000L, 1100L);
            List<String> read = all(s.read(false));
            // three files of ~12 lines: the newest ones, in order, none repeated
            assertThat(read).isEqualTo(lines(101 - read.size(), 100));
            assertThat(read.size()).isBetween(25, 40);
        }
    }

    @Test
    void ship_compress_gzipsRotatedFilesAndReadsThem() throws IOException {
        var config = new LogConfig(LogConfig.Driver.JSON_FILE, Map.of("max-size", "1k", "max-file", "2", "compress", "true"));
        capture(1, 30);
        try (LogShipper s = LogShipper.open(dir, ID, config, HolePunch.NONE)) {
            s.ship();
            assertThat(files()).containsExactly(ID + "-json.log", ID + "-json.log.1.gz");
            List<String> read = all(s.read(false));
            assertThat(read).isEqualTo(lines(31 - read.size(), 30));
        }
    }

    @Test
    void open_afterCrashBetweenRotationAndCompression_compressesTheLeftOverFile() throws IOException {
        var config = new LogConfig(LogConfig.Driver.JSON_FILE, Map.of("max-size", "1k", "max-file", "3", "compress", "true"));
        Files.writeString(dir.resolve(ID + "-json.log.1"),
                "{\"log\":\"line 00000\\n\",\"stream\":\"stdout\",\"time\":\"2026-12-03T10:00:00Z\"}\n");
        capture(1, 2);
        try (LogShipper s = LogShipper.open(dir, ID, config, HolePunch.NONE)) {
            assertThat(files()).containsExactly(ID + "-json.log", ID + "-json.log.1.gz");
            assertThat(all(s.read(false))).isEqualTo(lines(0, 2));
        }
    }

    @Test
    void open_afterCrashBetweenWriteAndSave_dropsTheUnsavedTailAndShipsItOnce() throws IOException {
        capture(1, 3);
        try (LogShipper s = LogShipper.open(dir, ID, LogConfig.DEFAULT, HolePunch.NONE)) {
            s.ship();
        }
        String saved = Files.readString(dir.resolve(LogShipper.STATE_FILE));
        capture(4, 5);
        try (LogShipper s = LogShipper.open(dir, ID, LogConfig.DEFAULT, HolePunch.NONE)) {
            s.ship();
        }
        // as if killed after writing 4 and 5 but before saving: the state is the old one
        Files.writeString(dir.resolve(LogShipper.STATE_FILE), saved);
        try (LogShipper s = LogShipper.open(dir, ID, LogConfig.DEFAULT, HolePunch.NONE)) {
            s.ship();
            assertThat(all(s.read(false))).isEqualTo(lines(1, 5));
        }
    }

    @Test
    void read_follow_continuesFromTheCaptureAcrossRotations() throws IOException {
        var config = new LogConfig(LogConfig.Driver.JSON_FILE, Map.of("max-size", "1k", "max-file", "2"));
        capture(1, 5);
        try (LogShipper s = LogShipper.open(dir, ID, config, HolePunch.NONE)) {
            try (Reading r = s.read(true)) {
                assertThat(all(r)).isEqualTo(lines(1, 5));
                capture(6, 200);
                s.ship(); // many rotations while the follower has not read
                assertThat(all(r)).isEqualTo(lines(6, 200));
            }
        }
    }

    @Test
    void ship_reclaimsShippedCaptureButNotWhatAFollowerStillNeeds() throws IOException {
        List<long[]> punched = new ArrayList<>();
        HolePunch record = (file, offset, length) -> punched.add(new long[] {offset, length});
        try (LogShipper s = LogShipper.open(dir, ID, LogConfig.DEFAULT, record)) {
            Reading r = s.read(true);
            capture(1, 40_000);
            s.ship();
            assertThat(punched).isEmpty();
            all(r);
            r.close();
            capture(40_001, 40_001);
            s.ship();
            assertThat(punched).hasSize(1);
            assertThat(punched.get(0)[0]).isZero();
            assertThat(punched.get(0)[1] % (1024 * 1024)).isZero();
        }
    }

    @Test
    void none_shipsNothingButConsumes() throws IOException {
        capture(1, 3);
        try (LogShipper s = LogShipper.open(dir, ID, new LogConfig(LogConfig.Driver.NONE, Map.of()), HolePunch.NONE)) {
            s.ship();
            assertThat(s.behind()).isFalse();
        }
        assertThat(files()).isEmpty();
    }
}
