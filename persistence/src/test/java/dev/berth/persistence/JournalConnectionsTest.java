package dev.berth.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal file as a kill -9 inside an acknowledged-events log trim left it (kept from a failed
 * {@code JournalCompactionKillTest} run, seed 915299567214501642: 7,680 acknowledged rows, all in the
 * file). Opened and closed again and again, as berthd's starts and the test's checks do, it must keep
 * them all.
 */
class JournalConnectionsTest {
    private static final int ROWS = 7680;

    @TempDir
    Path dataRoot;

    @Test
    void fileAKillLeft_keepsEveryRowAcrossOpens() throws Exception {
        unpack();
        int mendsBefore = JournalConnections.mends();
        List<Long> seen = new ArrayList<>();
        for (int open = 0; open < 4; open++) {
            try (Connection c = JournalSchema.keepOpen(dataRoot)) {
                seen.add(rows(c));
            }
        }
        assertThat(seen).containsOnly((long) ROWS);
        assertThat(JournalConnections.mends() - mendsBefore).as("layout entries the first open mended").isPositive();
        // and the file is whole for H2 alone now: a plain open sees the same
        try (Connection c = DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), JournalSchema.USER, JournalSchema.PASSWORD)) {
            assertThat(rows(c)).isEqualTo(ROWS);
        }
    }

    /** What the fixture holds without the mend: H2 alone loses rows one open/close cycle after the kill. */
    @Test
    void fileAKillLeft_losesRowsToH2Alone() throws Exception {
        unpack();
        List<Long> seen = new ArrayList<>();
        for (int open = 0; open < 3; open++) {
            try (Connection c = DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), JournalSchema.USER, JournalSchema.PASSWORD)) {
                seen.add(rows(c));
            }
        }
        assertThat(seen.get(0)).isEqualTo(ROWS);
        assertThat(seen.get(2)).as("H2 %s: if it keeps every row now, the mend may be dropped", org.h2.engine.Constants.FULL_VERSION)
                .isLessThan(ROWS);
    }

    private void unpack() throws Exception {
        Path file = Path.of(JournalConfig.databaseFile(dataRoot) + ".mv.db");
        Files.createDirectories(file.getParent());
        try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream("killed-in-trim.mv.db.gz"))) {
            Files.copy(in, file);
        }
    }

    private static long rows(Connection c) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM PUBLIC.\"event_journal\" WHERE \"persistence_id\" = '"
                + CompactionVictim.PERSISTENCE_ID + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
