package dev.berth.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.berth.persistence.container.ContainerEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log of acknowledged events on a real H2 journal: what the journal lacks after a kill is put back
 * at start (readable by the start-up scan, tagged as its entity tags it), what it has is dropped from
 * the log, and a record the kill cut short is ignored.
 */
class AcknowledgedEventsTest {
    private static final String PID = "container|" + Samples.ID;

    @TempDir
    Path dataRoot;
    private ActorTestKit kit;

    @BeforeEach
    void start() {
        JournalSchema.create(dataRoot);
        kit = ActorTestKit.create("acked", JournalConfig.forDataRoot(dataRoot).withFallback(ConfigFactory.load()).resolve());
    }

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void restore_eventsTheJournalLacks_putBackInOrderAndTagged() throws Exception {
        var requested = new ContainerEvent.StartRequested(Samples.T1);
        try (var log = AcknowledgedEvents.open(kit.system(), dataRoot)) {
            log.append(PID, 1, Samples.created());
            log.append(PID, 2, requested);
        }

        assertThat(AcknowledgedEvents.restore(dataRoot)).containsExactly(PID + " #1", PID + " #2");

        List<Object> events = new ArrayList<>();
        JournalScan.scan(kit.system(), dataRoot, (pid, seq, event) -> events.add(pid + " " + seq + " " + event));
        assertThat(events).containsExactly(PID + " 1 " + Samples.created(), PID + " 2 " + requested);
        assertThat(tagsOfRows()).containsExactly("berth", "berth", "container", "container");
    }

    /** A trim keeps what was appended while the journal was being stored, drops the rest, and the log goes on. */
    @Test
    void trim_dropsWhatWasLoggedBeforeTheStore_keepsWhatCameDuringIt() {
        try (var log = AcknowledgedEvents.open(kit.system(), dataRoot)) {
            log.versionAKillKeeps = () -> 7; // the file's header names the version that store made
            for (long seq = 1; seq <= 3; seq++) {
                log.append(PID, seq, new ContainerEvent.StartRequested(Samples.T1));
            }
            assertThat(log.trim(1, () -> {
                log.append(PID, 4, new ContainerEvent.StartRequested(Samples.T1)); // its row came after the store began
                return 7;
            })).isPositive();
            log.append(PID, 5, new ContainerEvent.StartRequested(Samples.T1));

            assertThat(AcknowledgedEvents.read(AcknowledgedEvents.file(dataRoot))).extracting(AcknowledgedEvents.Entry::sequenceNr)
                    .containsExactly(4L, 5L);
        }
    }

    /** A store that could not be made, or a log under the threshold, drops nothing. */
    @Test
    void trim_storeFailedOrLogShort_dropsNothing() {
        try (var log = AcknowledgedEvents.open(kit.system(), dataRoot)) {
            log.versionAKillKeeps = () -> Long.MAX_VALUE;
            log.append(PID, 1, Samples.created());
            assertThat(log.trim(1, () -> -1)).isZero();
            assertThat(log.trim(1 << 20, () -> 7)).isZero();
            assertThat(AcknowledgedEvents.read(AcknowledgedEvents.file(dataRoot))).hasSize(1);
        }
    }

    /**
     * A version stored is not yet one a kill keeps: H2 may come back from a kill without the chunks it
     * appended after the one its header names. A trim keeps its mark until the header covers its store;
     * a later trim then drops up to it (and no further than a mark the header covers).
     */
    @Test
    void trim_storeNotYetNamedByTheHeader_dropsOnlyOnceItIs() {
        try (var log = AcknowledgedEvents.open(kit.system(), dataRoot)) {
            long[] header = {4};
            log.versionAKillKeeps = () -> header[0];
            log.append(PID, 1, Samples.created());
            assertThat(log.trim(1, () -> 5)).as("stored as version 5, the header at 4").isZero();
            log.append(PID, 2, new ContainerEvent.StartRequested(Samples.T1));
            header[0] = 6; // a compaction pass rewrote the header
            assertThat(log.trim(1, () -> 8)).as("drops up to the first mark only").isPositive();
            assertThat(AcknowledgedEvents.read(AcknowledgedEvents.file(dataRoot))).extracting(AcknowledgedEvents.Entry::sequenceNr)
                    .containsExactly(2L);
            header[0] = 8;
            log.append(PID, 3, new ContainerEvent.StartRequested(Samples.T1));
            assertThat(log.trim(1, () -> 9)).as("then up to the second").isPositive();
            assertThat(AcknowledgedEvents.read(AcknowledgedEvents.file(dataRoot))).extracting(AcknowledgedEvents.Entry::sequenceNr)
                    .containsExactly(3L);
        }
    }

    /** The header's version is what H2 wrote there, never ahead of what the journal stored. */
    @Test
    void versionAKillKeeps_readsTheHeader_atMostTheLastStore() throws Exception {
        try (var held = JournalSchema.keepOpen(dataRoot)) {
            insert(held, 1);
            long stored = JournalCompaction.storeCommittedVersion(dataRoot);
            long kept = JournalCompaction.versionAKillKeeps(dataRoot);
            assertThat(stored).isPositive();
            assertThat(kept).isBetween(0L, stored);
        }
    }

    /** The store the daemon trims after: everything the journal committed is in its file, so the log's records can go. */
    @Test
    void storeCommitted_onAnOpenJournal_stores() throws Exception {
        try (var held = JournalSchema.keepOpen(dataRoot)) {
            held.createStatement().executeUpdate("INSERT INTO PUBLIC.\"event_journal\" (\"persistence_id\", "
                    + "\"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", "
                    + "\"event_ser_id\", \"event_ser_manifest\") VALUES ('c|x', 1, 'w', 0, '', X'00', 1, 'm')");
            assertThat(JournalCompaction.storeCommitted(dataRoot)).isTrue();
            assertThat(JournalCompaction.store(held).hasUnsavedChanges()).isFalse();
        }
    }

    /**
     * What a kill -9 left when the last store before it came from another thread in the middle of a
     * journal write: the row in the table and its indexes, uncommitted, without its undo log. H2's recovery
     * leaves it in uncommitted form with no transaction, its keys taken, so an insert of the same entity and
     * sequence number failed (a duplicate key or the lock timeout). The start-up restore settles such
     * entries as they stand: the row is kept, committed, and the entity's next event goes in.
     */
    private Path rowOfNoTransaction(Path killed) throws Exception {
        try (var held = JournalSchema.keepOpen(dataRoot); var writer = JournalSchema.keepOpen(dataRoot)) {
            writer.setAutoCommit(false);
            insert(writer, 1);
            var store = JournalCompaction.store(held);
            // the state such a store captures: the row's maps written, the transaction's undo log not yet
            for (String name : store.getMapNames()) {
                if (name.startsWith("undoLog")) {
                    store.openMap(name).clear();
                }
            }
            assertThat(JournalCompaction.storeCommitted(dataRoot)).isTrue();
            // the file as the kill leaves it (every store H2 made is complete in it)
            Files.createDirectories(JournalConfig.databaseFile(killed).getParent());
            Files.copy(JournalCompaction.databaseFile(dataRoot), JournalCompaction.databaseFile(killed));
        }
        return killed;
    }

    private List<String> rows(Connection c) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT \"sequence_number\", \"event_ser_manifest\" "
                + "FROM PUBLIC.\"event_journal\" ORDER BY \"sequence_number\"")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getLong(1) + " " + rs.getString(2));
            }
            return rows;
        }
    }

    @Test
    void restore_rowAKillLeftWithNoTransaction_isKept_theNextEventGoesIn(@TempDir Path killed) throws Exception {
        rowOfNoTransaction(killed);
        // the write was acknowledged: its event is in the log of that data root
        try (var log = AcknowledgedEvents.open(kit.system(), killed)) {
            log.append(PID, 1, Samples.created());
        }

        assertThat(AcknowledgedEvents.restore(killed)).as("the row is there: nothing to put back").isEmpty();

        try (var next = JournalSchema.keepOpen(killed)) {
            next.createStatement().execute("SET LOCK_TIMEOUT 1000");
            insert(next, 2);
            assertThat(rows(next)).containsExactly("1 m", "2 m");
        }
    }

    /**
     * The same leftover when the acknowledged-events log no longer holds its event (a trim dropped it as
     * stored): H2 itself reads such a row as written, and the restore's repair once rolled it back,
     * losing an acknowledged event (JournalCompactionKillTest, CI 2026-12-04: 10 rows of one commit).
     */
    @Test
    void restore_rowOfNoTransaction_whoseLogRecordIsGone_isNotLost(@TempDir Path killed) throws Exception {
        rowOfNoTransaction(killed);
        Files.createDirectories(AcknowledgedEvents.inUse(killed).getParent());
        Files.writeString(AcknowledgedEvents.inUse(killed), ""); // the run did not end cleanly

        assertThat(AcknowledgedEvents.restore(killed)).isEmpty();

        try (var after = JournalSchema.keepOpen(killed)) {
            assertThat(rows(after)).containsExactly("1 m");
        }
    }

    /**
     * What a kill -9 left when it came while a journal commit was rewriting its entries: the undo log
     * carries the commit mark, the rows are still in uncommitted form. H2's recovery finds the
     * transaction committed but leaves it open (its {@code commit()} does nothing in that state): the row
     * is invisible and its key locked for good, so putting the acknowledged event back waited until the
     * lock timeout and failed. The restore ends that transaction as its commit would have.
     */
    @Test
    void restore_commitAKillCutShort_isFinished_theRowIsThereAndTheNextEventGoesIn(@TempDir Path killed) throws Exception {
        try (var held = JournalSchema.keepOpen(dataRoot); var writer = JournalSchema.keepOpen(dataRoot)) {
            writer.setAutoCommit(false);
            insert(writer, 1);
            // the commit's first step only: the mark in the undo log
            var session = (org.h2.engine.SessionLocal) writer.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
            var transaction = session.getTransaction();
            var transactions = session.getDatabase().getStore().getTransactionStore();
            var mark = org.h2.mvstore.tx.TransactionStore.class.getDeclaredMethod("markUndoLogAsCommitted", int.class, long.class);
            mark.setAccessible(true);
            mark.invoke(transactions, transaction.getId(), 1L);
            assertThat(JournalCompaction.storeCommitted(dataRoot)).isTrue();
            Files.createDirectories(JournalConfig.databaseFile(killed).getParent());
            Files.copy(JournalCompaction.databaseFile(dataRoot), JournalCompaction.databaseFile(killed));
        }
        try (var log = AcknowledgedEvents.open(kit.system(), killed)) {
            log.append(PID, 1, Samples.created());
        }

        assertThat(AcknowledgedEvents.restore(killed)).as("the row is there: nothing to put back").isEmpty();

        try (var next = JournalSchema.keepOpen(killed)) {
            next.createStatement().execute("SET LOCK_TIMEOUT 1000");
            insert(next, 2);
            try (ResultSet rs = next.createStatement().executeQuery("SELECT \"sequence_number\" FROM PUBLIC.\"event_journal\" "
                    + "ORDER BY \"sequence_number\"")) {
                List<Long> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getLong(1));
                }
                assertThat(rows).containsExactly(1L, 2L);
            }
        }
    }

    /** A start after a clean shutdown (the log emptied, the in-use mark gone) has nothing to roll back or put back. */
    @Test
    void restore_afterACleanShutdown_doesNothing() throws Exception {
        try (var log = AcknowledgedEvents.open(kit.system(), dataRoot)) {
            log.append(PID, 1, Samples.created());
        }
        assertThat(AcknowledgedEvents.inUse(dataRoot)).exists();
        AcknowledgedEvents.journalClosedCleanly(dataRoot);

        assertThat(AcknowledgedEvents.inUse(dataRoot)).doesNotExist();
        assertThat(AcknowledgedEvents.restore(dataRoot)).isEmpty();
    }

    private static void insert(java.sql.Connection c, long seq) throws Exception {
        try (var st = c.prepareStatement("INSERT INTO PUBLIC.\"event_journal\" (\"persistence_id\", \"sequence_number\", "
                + "\"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\", "
                + "\"event_ser_manifest\") VALUES (?, ?, 'w', 0, '', X'00', 1, 'm')")) {
            st.setString(1, PID);
            st.setLong(2, seq);
            st.executeUpdate();
        }
    }

    @Test
    void restore_secondStart_findsThemAndEmptiesTheLog() {
        try (var log = AcknowledgedEvents.open(kit.system(), dataRoot)) {
            log.append(PID, 1, Samples.created());
        }
        AcknowledgedEvents.restore(dataRoot);
        assertThat(AcknowledgedEvents.read(AcknowledgedEvents.file(dataRoot))).hasSize(1);

        assertThat(AcknowledgedEvents.restore(dataRoot)).isEmpty();
        assertThat(AcknowledgedEvents.read(AcknowledgedEvents.file(dataRoot))).isEmpty();
    }

    /** Pekko's replay filter drops an event whose writer wrote before a newer one: the row takes its neighbour's. */
    @Test
    void restore_rowPutBack_carriesTheWriterOfTheEventBeforeIt() throws Exception {
        try (var log = AcknowledgedEvents.open(kit.system(), dataRoot)) {
            log.append(PID, 1, Samples.created());
            log.append(PID, 2, new ContainerEvent.StartRequested(Samples.T1));
        }
        AcknowledgedEvents.restore(dataRoot);
        try (var c = DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), JournalSchema.USER, JournalSchema.PASSWORD)) {
            // a later incarnation wrote #2 itself: the put-back copy goes, the row is that writer's
            c.createStatement().executeUpdate("UPDATE PUBLIC.\"event_journal\" SET \"writer\" = 'incarnation-b' "
                    + "WHERE \"sequence_number\" = 2");
        }
        try (var log = AcknowledgedEvents.open(kit.system(), dataRoot)) {
            log.append(PID, 3, new ContainerEvent.StartRequested(Samples.T1));
        }

        assertThat(AcknowledgedEvents.restore(dataRoot)).containsExactly(PID + " #3");

        assertThat(writers()).containsExactly("berth-acknowledged-events", "incarnation-b", "incarnation-b");
    }

    private List<String> writers() throws Exception {
        List<String> out = new ArrayList<>();
        try (var c = DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), JournalSchema.USER, JournalSchema.PASSWORD);
             ResultSet rs = c.createStatement().executeQuery("SELECT \"writer\" FROM PUBLIC.\"event_journal\" "
                     + "ORDER BY \"sequence_number\"")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void read_recordCutShortByTheKill_isIgnored() throws Exception {
        try (var log = AcknowledgedEvents.open(kit.system(), dataRoot)) {
            log.append(PID, 1, Samples.created());
        }
        byte[] whole = AcknowledgedEvents.encode(new AcknowledgedEvents.Entry(PID, 2, 0, 1, "m", new byte[100]));
        Files.write(AcknowledgedEvents.file(dataRoot), Arrays.copyOf(whole, whole.length - 7),
                StandardOpenOption.APPEND);

        assertThat(AcknowledgedEvents.read(AcknowledgedEvents.file(dataRoot)))
                .extracting(AcknowledgedEvents.Entry::sequenceNr).containsExactly(1L);
        assertThat(AcknowledgedEvents.restore(dataRoot)).containsExactly(PID + " #1");
    }

    @Test
    void tags_asEachEntityTagsItsEvents() {
        assertThat(AcknowledgedEvents.tags("network|ab")).containsExactly(Tags.ALL, Tags.NETWORK);
        assertThat(AcknowledgedEvents.tags("image-tags")).containsExactly(Tags.ALL, Tags.IMAGE);
        assertThat(AcknowledgedEvents.tags("volume|data")).containsExactly(Tags.ALL, Tags.VOLUME);
        assertThat(AcknowledgedEvents.tags("container-names")).isEmpty();
    }

    private List<String> tagsOfRows() throws Exception {
        List<String> tags = new ArrayList<>();
        try (var c = DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), JournalSchema.USER, JournalSchema.PASSWORD);
             ResultSet rs = c.createStatement().executeQuery("SELECT \"tag\" FROM PUBLIC.\"event_tag\" ORDER BY \"tag\"")) {
            while (rs.next()) {
                tags.add(rs.getString(1));
            }
        }
        return tags;
    }
}
