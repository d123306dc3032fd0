package dev.berth.persistence.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.berth.persistence.JournalConfig;
import dev.berth.persistence.JournalSchema;
import dev.berth.persistence.container.ContainerEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Pekko asks of a journal and a snapshot store, as {@link H2Journal} and {@link H2SnapshotStore} answer it. */
class H2JournalTest {
    private static final String PID = "container|semantics";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataRoot;
    private ActorTestKit kit;
    private org.apache.pekko.actor.ActorRef journal;
    private org.apache.pekko.actor.ActorRef snapshots;

    @BeforeEach
    void start() {
        JournalSchema.create(dataRoot);
        kit = ActorTestKit.create("semantics", JournalConfig.forDataRoot(dataRoot).withFallback(ConfigFactory.load()).resolve());
        var persistence = Persistence.get(Adapter.toClassic(kit.system()));
        journal = persistence.journalFor("", ConfigFactory.empty());
        snapshots = persistence.snapshotStoreFor("", ConfigFactory.empty());
    }

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void replay_fromToAndMax_returnsThatWindowInOrder() {
        write(PID, 10);

        assertThat(replay(PID, 3, 7, Long.MAX_VALUE)).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(replay(PID, 3, 7, 2)).containsExactly(3L, 4L);
        assertThat(replay(PID, 1, Long.MAX_VALUE, 0)).isEmpty();
        assertThat(replay(PID, 11, Long.MAX_VALUE, Long.MAX_VALUE)).isEmpty();
        assertThat(replay("container|none", 1, Long.MAX_VALUE, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void replay_moreThanABatch_returnsEveryEvent() {
        write(PID, H2Journal.REPLAY_BATCH + 50);

        assertThat(replay(PID, 1, Long.MAX_VALUE, Long.MAX_VALUE)).hasSize(H2Journal.REPLAY_BATCH + 50);
        assertThat(replay(PID, 1, Long.MAX_VALUE, H2Journal.REPLAY_BATCH + 1)).hasSize(H2Journal.REPLAY_BATCH + 1);
    }

    @Test
    void deleteMessagesTo_keepsTheHighestDeletedRowSoTheNextNumberIsNotReused() throws Exception {
        write(PID, 5);

        delete(PID, 3);
        assertThat(replay(PID, 1, Long.MAX_VALUE, Long.MAX_VALUE)).containsExactly(4L, 5L);
        assertThat(rows(PID)).containsExactly("3 deleted", "4", "5");

        delete(PID, 100);
        assertThat(replay(PID, 1, Long.MAX_VALUE, Long.MAX_VALUE)).isEmpty();
        assertThat(rows(PID)).containsExactly("5 deleted");
        assertThat(tagRows()).isEqualTo(2); // the kept row's tags; the others' went with their rows
        assertThat(highestSequenceNr(PID)).isEqualTo(5);

        // an entity recovering now starts after 5
        var replayed = new CopyOnWriteArrayList<ContainerEvent>();
        ActorRef<FixtureEntity.Append> entity = kit.spawn(FixtureEntity.create(PID, false, replayed));
        var probe = kit.<Long>createTestProbe();
        entity.tell(new FixtureEntity.Append(FixtureEntity.events().get(0), probe.ref()));
        probe.receiveMessage(WAIT);
        assertThat(rows(PID)).containsExactly("5 deleted", "6");
        assertThat(replayed).hasSize(1);
    }

    @Test
    void highestSequenceNr_noRows_isZero() {
        assertThat(highestSequenceNr("container|none")).isZero();
    }

    @Test
    void loadSnapshot_criteria_picksTheNewestMatchingOne() throws Exception {
        long[] t = saveThree();

        assertThat(load(PID, SnapshotSelectionCriteria.latest())).isEqualTo("6 " + t[2] + " six");
        assertThat(load(PID, SnapshotSelectionCriteria.create(5, Long.MAX_VALUE))).isEqualTo("4 " + t[1] + " four");
        assertThat(load(PID, SnapshotSelectionCriteria.create(Long.MAX_VALUE, t[2] - 1))).isEqualTo("4 " + t[1] + " four");
        assertThat(load(PID, SnapshotSelectionCriteria.create(6, t[1] - 1))).isEqualTo("2 " + t[0] + " two");
        assertThat(load(PID, SnapshotSelectionCriteria.create(1, Long.MAX_VALUE))).isEqualTo("none");
        assertThat(load(PID, SnapshotSelectionCriteria.none())).isEqualTo("none");
        assertThat(load("container|none", SnapshotSelectionCriteria.latest())).isEqualTo("none");
    }

    @Test
    void saveSnapshot_sameSequenceNr_replacesTheRow() {
        save(PID, 2, "first");
        save(PID, 2, "second");

        assertThat(load(PID, SnapshotSelectionCriteria.latest())).endsWith(" second").startsWith("2 ");
    }

    @Test
    void deleteSnapshots_criteria_removesThoseAtOrBelowBothBounds() throws Exception {
        long[] t = saveThree();

        var probe = kit.createTestProbe();
        snapshots.tell(new SnapshotProtocol.DeleteSnapshots(PID, SnapshotSelectionCriteria.create(6, t[1])),
                Adapter.toClassic(probe.ref()));
        probe.expectMessageClass(org.apache.pekko.persistence.DeleteSnapshotsSuccess.class, WAIT);
        assertThat(load(PID, SnapshotSelectionCriteria.create(5, Long.MAX_VALUE))).isEqualTo("none");
        assertThat(load(PID, SnapshotSelectionCriteria.latest())).isEqualTo("6 " + t[2] + " six");

        snapshots.tell(new SnapshotProtocol.DeleteSnapshot(new SnapshotMetadata(PID, 6, 0)), Adapter.toClassic(probe.ref()));
        probe.expectMessageClass(org.apache.pekko.persistence.DeleteSnapshotSuccess.class, WAIT);
        assertThat(load(PID, SnapshotSelectionCriteria.latest())).isEqualTo("none");
    }

    /** Snapshots at 2, 4 and 6, a few ms apart (the store stamps each with the time it is saved); their times. */
    private long[] saveThree() throws Exception {
        String[] names = {"two", "four", "six"};
        long[] times = new long[3];
        for (int i = 0; i < 3; i++) {
            save(PID, 2L * (i + 1), names[i]);
            String loaded = load(PID, SnapshotSelectionCriteria.latest());
            times[i] = Long.parseLong(loaded.split(" ")[1]);
            Thread.sleep(5);
        }
        assertThat(times[0]).isLessThan(times[1]);
        assertThat(times[1]).isLessThan(times[2]);
        return times;
    }

    private void write(String pid, int count) {
        var events = FixtureEntity.events();
        var entity = kit.spawn(FixtureEntity.create(pid, false, new CopyOnWriteArrayList<>()));
        var probe = kit.<Long>createTestProbe();
        for (int i = 0; i < count; i++) {
            entity.tell(new FixtureEntity.Append(events.get(i % events.size()), probe.ref()));
        }
        probe.receiveSeveralMessages(count, WAIT);
        kit.stop(entity);
    }

    private List<Long> replay(String pid, long from, long to, long max) {
        TestProbe<Object> probe = kit.createTestProbe();
        journal.tell(new JournalProtocol.ReplayMessages(from, to, max, pid, Adapter.toClassic(probe.ref())),
                Adapter.toClassic(probe.ref()));
        var out = new ArrayList<Long>();
        while (true) {
            Object m = probe.receiveMessage(WAIT);
            if (m instanceof JournalProtocol.ReplayedMessage r) {
                PersistentRepr repr = r.persistent();
                assertThat(repr.persistenceId()).isEqualTo(pid);
                assertThat(repr.payload()).isInstanceOf(ContainerEvent.class);
                out.add(repr.sequenceNr());
            } else {
                assertThat(m).isInstanceOf(JournalProtocol.RecoverySuccess.class);
                return out;
            }
        }
    }

    private long highestSequenceNr(String pid) {
        TestProbe<Object> probe = kit.createTestProbe();
        journal.tell(new JournalProtocol.ReplayMessages(Long.MAX_VALUE, Long.MAX_VALUE, 0, pid,
                Adapter.toClassic(probe.ref())), Adapter.toClassic(probe.ref()));
        return probe.expectMessageClass(JournalProtocol.RecoverySuccess.class, WAIT).highestSequenceNr();
    }

    private void delete(String pid, long to) {
        TestProbe<Object> probe = kit.createTestProbe();
        journal.tell(new JournalProtocol.DeleteMessagesTo(pid, to, Adapter.toClassic(probe.ref())), Adapter.toClassic(probe.ref()));
        probe.expectMessageClass(org.apache.pekko.persistence.DeleteMessagesSuccess.class, WAIT);
    }

    private void save(String pid, long seq, String snapshot) {
        TestProbe<Object> probe = kit.createTestProbe();
        snapshots.tell(new SnapshotProtocol.SaveSnapshot(new SnapshotMetadata(pid, seq, 0), snapshot),
                Adapter.toClassic(probe.ref()));
        probe.expectMessageClass(org.apache.pekko.persistence.SaveSnapshotSuccess.class, WAIT);
    }

    private String load(String pid, SnapshotSelectionCriteria criteria) {
        TestProbe<Object> probe = kit.createTestProbe();
        snapshots.tell(new SnapshotProtocol.LoadSnapshot(pid, criteria, Long.MAX_VALUE), Adapter.toClassic(probe.ref()));
        var result = probe.expectMessageClass(SnapshotProtocol.LoadSnapshotResult.class, WAIT);
        if (result.snapshot().isEmpty()) {
            return "none";
        }
        SelectedSnapshot s = result.snapshot().get();
        return s.metadata().sequenceNr() + " " + s.metadata().timestamp() + " " + s.snapshot();
    }

    private List<String> rows(String pid) throws Exception {
        try (Connection c = DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), "sa", "");
                PreparedStatement st = c.prepareStatement("SELECT \"sequence_number\", \"deleted\" FROM PUBLIC.\"event_journal\" "
                        + "WHERE \"persistence_id\" = ? ORDER BY \"sequence_number\"")) {
            st.setString(1, pid);
            var out = new ArrayList<String>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1) + (rs.getBoolean(2) ? " deleted" : ""));
                }
            }
            return out;
        }
    }

    private int tagRows() throws Exception {
        try (Connection c = DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), "sa", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM PUBLIC.\"event_tag\"")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
