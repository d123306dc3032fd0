package dev.berth.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalCompactionTest {
    private static final int EVENTS = 2000;
    private static final int PAYLOAD = 1200;
    private static final int RETENTION_MILLIS = 200;

    @TempDir
    Path plain;
    @TempDir
    Path compacted;

    /**
     * The journal's write pattern (one autocommitted ~1 KB row per event, WRITE_DELAY=0): without
     * compaction the file grows by many times the rows; with a pass every 500 events (the daemon runs one
     * a minute) it stays within a small multiple of them, and every row is still there.
     */
    @Test
    void compact_everyFewHundredEvents_keepsFileNearItsRows() throws Exception {
        long plainBytes = fill(plain, false);
        long compactedBytes = fill(compacted, true);
        long rows = (long) EVENTS * PAYLOAD;
        System.out.printf("JOURNAL-COMPACTION %d events of %d bytes: file %d bytes without compaction, %d with%n",
                EVENTS, PAYLOAD, plainBytes, compactedBytes);
        assertThat(plainBytes).isGreaterThan(5 * rows);
        assertThat(compactedBytes).isLessThan(3 * rows);
        try (Connection c = JournalSchema.keepOpen(compacted);
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT COUNT(*), SUM(LENGTH(\"event_payload\")) FROM PUBLIC.\"event_journal\"")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(EVENTS);
            assertThat(rs.getLong(2)).isEqualTo(rows);
        }
    }

    private static long fill(Path dataRoot, boolean compact) throws Exception {
        JournalSchema.create(dataRoot);
        Random random = new Random(1);
        byte[] payload = new byte[PAYLOAD];
        try (Connection c = JournalSchema.keepOpen(dataRoot);
                PreparedStatement st = c.prepareStatement("INSERT INTO PUBLIC.\"event_journal\" (\"persistence_id\", "
                        + "\"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", "
                        + "\"event_ser_id\", \"event_ser_manifest\") VALUES (?, ?, 'w', ?, '', ?, 1, 'E')")) {
            // H2 neither rewrites nor reuses a chunk younger than its retention time (45 s): a short one
            // stands in for a daemon's minutes, in both files alike
            JournalCompaction.store(c).setRetentionTime(RETENTION_MILLIS);
            for (int i = 0; i < EVENTS; i++) {
                random.nextBytes(payload);
                st.setString(1, "container|" + (i / 6));
                st.setLong(2, i % 6 + 1);
                st.setLong(3, System.currentTimeMillis());
                st.setBytes(4, payload);
                st.executeUpdate();
                Thread.sleep(1);
                if (compact && i % 500 == 499) {
                    assertThat(JournalCompaction.compact(dataRoot, 5_000).compacted()).isTrue();
                }
            }
            return Files.size(JournalCompaction.databaseFile(dataRoot));
        }
    }
}
