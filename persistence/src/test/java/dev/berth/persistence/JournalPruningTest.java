package dev.berth.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalPruningTest {
    @TempDir
    Path dataRoot;

    private static final long OLD = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final long NEW = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
    private static final Instant CUTOFF = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void prune_oldGoneObject_allItsEventsDeleted_liveAndRecentKept() throws Exception {
        JournalSchema.create(dataRoot);
        insert("container|gone", 1, OLD, "container");
        insert("container|gone", 2, OLD, "container");
        insert("container|live", 1, OLD, "container");
        insert("container|recent", 1, OLD, "container");
        insert("container|recent", 2, NEW, "container");
        insert("image-tags", 1, OLD, "image");

        var result = JournalPruning.prune(dataRoot, CUTOFF, Long.MAX_VALUE, Set.of("container|live")::contains);

        assertThat(result).isEqualTo(new JournalPruning.Result(1, 2));
        assertThat(rows()).containsExactly("container|live#1", "container|recent#1", "container|recent#2", "image-tags#1");
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM PUBLIC.\"event_tag\"")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the deleted rows' tags go with them").isEqualTo(4);
        }
    }

    @Test
    void prune_directory_onlyBelowItsSnapshotAndNeverItsNewestRow() throws Exception {
        JournalSchema.create(dataRoot);
        for (int seq = 1; seq <= 5; seq++) {
            insert("container-names", seq, OLD, null);
        }
        insert("plugins", 1, OLD, null);
        insert("plugins", 2, OLD, null);
        snapshot("container-names", 3);
        snapshot("plugins", 2);

        JournalPruning.prune(dataRoot, CUTOFF, Long.MAX_VALUE, pid -> false);

        assertThat(rows()).containsExactly("container-names#4", "container-names#5", "plugins#2");
    }

    @Test
    void prune_nothingOld_deletesNothing() throws Exception {
        JournalSchema.create(dataRoot);
        insert("volume|v", 1, NEW, "volume");
        assertThat(JournalPruning.prune(dataRoot, CUTOFF, Long.MAX_VALUE, pid -> false)).isEqualTo(new JournalPruning.Result(0, 0));
        assertThat(rows()).containsExactly("volume|v#1");
    }

    @Test
    void prune_goneObjectWithRowsAfterTheReadModelSnapshot_kept() throws Exception {
        JournalSchema.create(dataRoot);
        insert("container|a", 1, OLD, "container"); // ordering 1
        insert("container|b", 1, OLD, "container"); // ordering 2
        insert("container|b", 2, OLD, "container"); // ordering 3: its removal, not yet in the snapshot

        JournalPruning.prune(dataRoot, CUTOFF, 2, pid -> false);

        assertThat(rows()).containsExactly("container|b#1", "container|b#2");
    }

    @Test
    void parse_goDurations() {
        assertThat(HistoryRetention.parse("720h").maxAge()).isEqualTo(Duration.ofHours(720));
        assertThat(HistoryRetention.parse("1h30m").maxAge()).isEqualTo(Duration.ofMinutes(90));
        assertThat(HistoryRetention.parse("2.5s").maxAge()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void parse_bad_namesTheKey() {
        for (String bad : List.of("", "30d", "abc", "0s", "10", "-5m", "5 m")) {
            assertThatThrownBy(() -> HistoryRetention.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid history-retention");
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), "sa", "");
    }

    private void insert(String pid, long seq, long millis, String tag) throws Exception {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement("INSERT INTO PUBLIC.\"event_journal\" "
                + "(\"persistence_id\", \"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", "
                + "\"event_payload\", \"event_ser_id\", \"event_ser_manifest\") VALUES (?, ?, 'w', ?, '', ?, 1, 'm')",
                new String[] {"ordering"})) {
            st.setString(1, pid);
            st.setLong(2, seq);
            st.setLong(3, millis);
            st.setBytes(4, "{}".getBytes(StandardCharsets.UTF_8));
            st.executeUpdate();
            if (tag != null) {
                try (ResultSet keys = st.getGeneratedKeys()) {
                    keys.next();
                    c.createStatement().execute("INSERT INTO PUBLIC.\"event_tag\" VALUES (" + keys.getLong(1) + ", '" + tag + "')");
                }
            }
        }
    }

    private void snapshot(String pid, long seq) throws Exception {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement("INSERT INTO PUBLIC.\"snapshot\" "
                + "(\"persistence_id\", \"sequence_number\", \"created\", \"snapshot_ser_id\", \"snapshot_ser_manifest\", "
                + "\"snapshot_payload\") VALUES (?, ?, 0, 1, 'm', X'7b7d')")) {
            st.setString(1, pid);
            st.setLong(2, seq);
            st.executeUpdate();
        }
    }

    private List<String> rows() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT \"persistence_id\", \"sequence_number\" FROM PUBLIC.\"event_journal\" ORDER BY \"ordering\"")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "#" + rs.getLong(2));
            }
        }
        return out;
    }
}
