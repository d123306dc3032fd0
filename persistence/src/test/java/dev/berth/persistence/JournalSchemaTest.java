package dev.berth.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Shell;
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
            assertThat(uniqueIndexesOn(c, "ordering")).as("the UNIQUE constraint's, and no second one").hasSize(1);
        }
    }

    @Test
    void create_onAJournalMadeWithTheSecondOrderingIndex_dropsItAndKeepsTheRows() throws Exception {
        JournalSchema.create(dataRoot);
        try (Connection c = DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), "sa", "");
                var s = c.createStatement()) {
            // what every journal made before this change has
            s.execute("CREATE UNIQUE INDEX \"event_journal_ordering_idx\" ON PUBLIC.\"event_journal\" (\"ordering\")");
            s.execute("INSERT INTO PUBLIC.\"event_journal\" (\"persistence_id\", \"sequence_number\", \"writer\", "
                    + "\"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\", \"event_ser_manifest\") "
                    + "VALUES ('c1', 1, 'w', 0, '', X'01', 1, 'm')");
            assertThat(uniqueIndexesOn(c, "ordering")).hasSize(2);
        }
        JournalSchema.create(dataRoot);
        try (Connection c = DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), "sa", "");
                var s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT \"persistence_id\" FROM PUBLIC.\"event_journal\"")) {
            assertThat(uniqueIndexesOn(c, "ordering")).doesNotContain("event_journal_ordering_idx").hasSize(1);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("c1");
        }
    }

    /** The unique indexes of event_journal whose first column is {@code column}. */
    private static List<String> uniqueIndexesOn(Connection c, String column) throws Exception {
        var indexes = new TreeSet<String>();
        try (ResultSet rs = c.getMetaData().getIndexInfo(null, "PUBLIC", "event_journal", true, false)) {
            while (rs.next()) {
                if (rs.getInt("ORDINAL_POSITION") == 1 && column.equals(rs.getString("COLUMN_NAME"))) {
                    indexes.add(rs.getString("INDEX_NAME"));
                }
            }
        }
        return List.copyOf(indexes);
    }

    @Test
    void statements_script_areAllIdempotent() {
        assertThat(JournalSchema.statements()).isNotEmpty().allSatisfy(sql ->
                assertThat(sql).containsPattern("^(CREATE (UNIQUE )?(TABLE|INDEX|SEQUENCE) IF NOT EXISTS |DROP INDEX IF EXISTS )"));
    }

    @Test
    void jdbcUrl_dataRoot_pointsAtJournalFileWithDurableOptions() {
        String url = JournalConfig.jdbcUrl(Path.of("/var/lib/berth"));
        assertThat(url).isEqualTo("jdbc:h2:file:/var/lib/berth/journal/berth;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;CACHE_SIZE=4096;MAX_LENGTH_INPLACE_LOB=16384");
        assertThat(JournalConfig.forDataRoot(Path.of("/var/lib/berth"))
                .getString(JournalConfig.URL_KEY)).isEqualTo(url);
    }

    @Test
    void forDataRoot_journalSystemProperties_overrideTheDefaultsButNotTheUrl() {
        assertThat(JournalConfig.forDataRoot(dataRoot).getInt("berth.journal.readers")).isEqualTo(2);
        System.setProperty("berth.journal.readers", "4");
        System.setProperty("berth.journal.url", "jdbc:h2:mem:elsewhere");
        try {
            ConfigFactory.invalidateCaches();
            var config = JournalConfig.forDataRoot(dataRoot);
            assertThat(config.getInt("berth.journal.readers")).isEqualTo(4);
            assertThat(config.getInt("berth.journal.write-batch")).isEqualTo(400);
            assertThat(config.getString(JournalConfig.URL_KEY)).isEqualTo(JournalConfig.jdbcUrl(dataRoot));
        } finally {
            System.clearProperty("berth.journal.readers");
            System.clearProperty("berth.journal.url");
            ConfigFactory.invalidateCaches();
        }
    }

    /** An event of a few KB is kept in its row, not in H2's separate LOB store (JournalConfig says why). */
    @Test
    void journal_keepsEventsOfAFewKilobytesInTheRow() throws Exception {
        JournalSchema.create(dataRoot);
        try (Connection c = DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), "sa", "")) {
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'MAX_LENGTH_INPLACE_LOB'")) {
                assertThat(rs.next()).isTrue();
                assertThat(Integer.parseInt(rs.getString(1))).isGreaterThanOrEqualTo(16384);
            }
            byte[] payload = new byte[4000];
            new Random(7).nextBytes(payload);
            try (var insert = c.prepareStatement("INSERT INTO PUBLIC.\"event_journal\" (\"ordering\", \"deleted\", "
                    + "\"persistence_id\", \"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", "
                    + "\"event_payload\", \"event_ser_id\", \"event_ser_manifest\") VALUES (1, FALSE, 'c|x', 1, 'w', 0, '', ?, 1, 'm')")) {
                insert.setBytes(1, payload);
                insert.executeUpdate();
            }
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT \"event_payload\" FROM PUBLIC.\"event_journal\" WHERE \"persistence_id\" = 'c|x'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes(1)).isEqualTo(payload);
            }
        }
    }

    @Test
    void keepOpen_fileCutShort_saysCorruptAndWhatToDo() throws Exception {
        Path file = journalWithOneTable();
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(5000);
        }

        assertThatThrownBy(() -> JournalSchema.keepOpen(dataRoot))
                .isInstanceOfSatisfying(JournalOpenFailure.class, f ->
                        assertThat(f.kind()).isEqualTo(JournalOpenFailure.Kind.CORRUPT))
                .hasMessageStartingWith("journal " + file + " is corrupt (")
                .hasMessageContaining("restore it from a backup, or move it aside");
    }

    @Test
    void keepOpen_fileGarbled_saysCorrupt() throws Exception {
        Path file = journalWithOneTable();
        byte[] garbage = new byte[(int) Files.size(file)];
        new Random(42).nextBytes(garbage);
        Files.write(file, garbage);

        assertThatThrownBy(() -> JournalSchema.keepOpen(dataRoot))
                .isInstanceOfSatisfying(JournalOpenFailure.class, f ->
                        assertThat(f.kind()).isEqualTo(JournalOpenFailure.Kind.CORRUPT))
                .hasMessageStartingWith("journal " + file + " is corrupt (");
    }

    /** Another process (H2's own shell, as someone inspecting the journal would run it) holds the file. */
    @Test
    void keepOpen_heldByAnotherProcess_namesItsPid() throws Exception {
        Path file = journalWithOneTable();
        String h2Jar = Path.of(Shell.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process shell = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", h2Jar, "org.h2.tools.Shell", "-url", JournalConfig.jdbcUrl(dataRoot), "-user", "sa",
                "-password", "").redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (JournalOpenFailure.lockHolder(file).isEmpty() && System.nanoTime() < deadline) {
                assertThat(shell.isAlive()).as("the H2 shell is running").isTrue();
                Thread.sleep(50);
            }
            assertThat(JournalOpenFailure.lockHolder(file)).contains(shell.pid());

            assertThatThrownBy(() -> JournalSchema.keepOpen(dataRoot))
                    .isInstanceOfSatisfying(JournalOpenFailure.class, f ->
                            assertThat(f.kind()).isEqualTo(JournalOpenFailure.Kind.LOCKED))
                    .hasMessage("journal " + file + " is locked by another process (pid " + shell.pid()
                            + "): only one berthd may open it; stop that process and start berthd again");
        } finally {
            shell.destroyForcibly();
            shell.waitFor(10, TimeUnit.SECONDS);
        }
        // let go, the journal opens again
        try (Connection c = JournalSchema.keepOpen(dataRoot)) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    private Path journalWithOneTable() throws Exception {
        JournalSchema.create(dataRoot);
        try (Connection c = DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), "sa", "");
                var st = c.createStatement()) {
            for (String sql : List.of("CREATE TABLE filler(id INT PRIMARY KEY, v VARCHAR(200))",
                    "INSERT INTO filler SELECT X, REPEAT('x', 200) FROM SYSTEM_RANGE(1, 2000)", "SHUTDOWN")) {
                st.execute(sql);
            }
        }
        return dataRoot.resolve("journal/berth.mv.db");
    }
}
