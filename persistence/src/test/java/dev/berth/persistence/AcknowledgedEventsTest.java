package dev.berth.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.berth.persistence.container.ContainerEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
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
            for (long seq = 1; seq <= 3; seq++) {
                log.append(PID, seq, new ContainerEvent.StartRequested(Samples.T1));
            }
            assertThat(log.trim(1, () -> {
                log.append(PID, 4, new ContainerEvent.StartRequested(Samples.T1)); // its row came after the store began
                return true;
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
            log.append(PID, 1, Samples.created());
            assertThat(log.trim(1, () -> false)).isZero();
            assertThat(log.trim(1 << 20, () -> true)).isZero();
            assertThat(AcknowledgedEvents.read(AcknowledgedEvents.file(dataRoot))).hasSize(1);
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
