package dev.berth.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalSchemaTest {
    @TempDir
    Path dataRoot;

    @Test
    void create_twice_succeedsAndTablesExist() throws Exception {
        JournalSchema.create(dataRoot);
        JournalSchema.create(dataRoot);

        assertThat(Files.exists(dataRoot.resolve("journal/berth.mv.db"))).isTrue();
        try (Connection c = DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), "sa", "")) {
            var tables = new TreeSet<String>();
            try (ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("event_journal", "event_tag", "snapshot", "durable_state");
            var indexes = new TreeSet<String>();
            try (ResultSet rs = c.getMetaData().getIndexInfo(null, "PUBLIC", "event_journal", true, false)) {
                while (rs.next()) {
                    indexes.add(rs.getString("INDEX_NAME"));
                }
            }
            assertThat(indexes).contains("event_journal_ordering_idx");
        }
    }

    @Test
    void statements_script_areAllIdempotent() {
        assertThat(JournalSchema.statements()).isNotEmpty().allSatisfy(sql ->
                assertThat(sql).containsPattern("^CREATE (UNIQUE )?(TABLE|INDEX|SEQUENCE) IF NOT EXISTS "));
    }

    @Test
    void jdbcUrl_dataRoot_pointsAtJournalFileWithDurableOptions() {
        String url = JournalConfig.jdbcUrl(Path.of("/var/lib/berth"));
        assertThat(url).isEqualTo("jdbc:h2:file:/var/lib/berth/journal/berth;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        assertThat(JournalConfig.forDataRoot(Path.of("/var/lib/berth"))
                .getString("pekko-persistence-jdbc.shared-databases.slick.db.url")).isEqualTo(url);
    }
}
