package dev.berth.persistence.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.berth.persistence.JournalConfig;
import dev.berth.persistence.JournalSchema;
import dev.berth.persistence.container.ContainerEvent;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data root written by pekko-persistence-jdbc 1.1.1 (the fixture {@code old-plugin/berth.mv.db}, see its
 * README) opened with Berth's own journal plugin: entities recover what they had, carry on at the next
 * sequence number, and the rows the new plugin writes are the rows the old one wrote for the same events.
 */
class OldPluginJournalTest {
    @TempDir
    Path dataRoot;
    private ActorTestKit kit;

    @BeforeEach
    void start() throws Exception {
        Path file = Path.of(JournalConfig.databaseFile(dataRoot) + ".mv.db");
        Files.createDirectories(file.getParent());
        try (InputStream in = getClass().getResourceAsStream("/old-plugin/berth.mv.db")) {
            Files.copy(in, file);
        }
        JournalSchema.create(dataRoot);
        kit = ActorTestKit.create("old-plugin", JournalConfig.forDataRoot(dataRoot).withFallback(ConfigFactory.load()).resolve());
    }

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void recovery_entityWithoutSnapshots_replaysEveryEventInOrderThenContinues() throws Exception {
        var replayed = new CopyOnWriteArrayList<ContainerEvent>();
        ActorRef<FixtureEntity.Append> entity = kit.spawn(FixtureEntity.create("container|plain", false, replayed));

        assertThat(append(entity, FixtureEntity.events().get(0))).isEqualTo(8);
        assertThat(replayed.subList(0, 7)).containsExactlyElementsOf(FixtureEntity.events());
        assertThat(sequenceNumbers("container|plain")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void recovery_snapshottedEntityWithDeletedEvents_startsFromTheSnapshotAndSkipsNoNumber() throws Exception {
        var replayed = new CopyOnWriteArrayList<ContainerEvent>();
        ActorRef<FixtureEntity.Append> entity = kit.spawn(FixtureEntity.create("container|snapshotted", true, replayed));

        // the snapshot at 6 counts 6 events; only event 7 is replayed on top
        assertThat(append(entity, FixtureEntity.events().get(0))).isEqualTo(8);
        assertThat(replayed.get(0)).isEqualTo(FixtureEntity.events().get(6));
        assertThat(replayed).hasSize(2);
        // row 3 was kept (marked deleted) by the old plugin so that the next number is 8, not a reused one
        assertThat(sequenceNumbers("container|snapshotted")).containsExactly(3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void write_sameEvents_rowsAsTheOldPluginWroteThem() throws Exception {
        var replayed = new CopyOnWriteArrayList<ContainerEvent>();
        ActorRef<FixtureEntity.Append> entity = kit.spawn(FixtureEntity.create("container|rows-new", false, replayed));
        long before = System.currentTimeMillis();
        for (ContainerEvent event : FixtureEntity.events()) {
            append(entity, event);
        }

        List<List<Object>> old = rows("container|rows");
        List<List<Object>> written = rows("container|rows-new");
        assertThat(written).hasSize(7);
        assertThat(written).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(old);
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement("SELECT \"writer\", \"write_timestamp\", "
                + "\"ordering\" FROM PUBLIC.\"event_journal\" WHERE \"persistence_id\" = ? ORDER BY \"sequence_number\"")) {
            st.setString(1, "container|rows-new");
            long lastOrdering = 21;
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getString(1)).hasSize(36); // the entity incarnation's writer UUID
                    assertThat(rs.getLong(2)).isGreaterThanOrEqualTo(before);
                    assertThat(rs.getLong(3)).isGreaterThan(lastOrdering);
                    lastOrdering = rs.getLong(3);
                }
            }
        }
    }

    private long append(ActorRef<FixtureEntity.Append> entity, ContainerEvent event) {
        var probe = kit.<Long>createTestProbe();
        entity.tell(new FixtureEntity.Append(event, probe.ref()));
        return probe.receiveMessage(Duration.ofSeconds(10));
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), "sa", "");
    }

    private List<Long> sequenceNumbers(String pid) throws Exception {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement("SELECT \"sequence_number\" FROM "
                + "PUBLIC.\"event_journal\" WHERE \"persistence_id\" = ? ORDER BY \"sequence_number\"")) {
            st.setString(1, pid);
            var out = new ArrayList<Long>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }

    /** Every column but ordering, persistence id, writer and time, and the row's tags (sorted). */
    private List<List<Object>> rows(String pid) throws Exception {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement("SELECT \"deleted\", \"sequence_number\", "
                + "\"adapter_manifest\", \"event_ser_id\", \"event_ser_manifest\", \"event_payload\", \"meta_payload\", "
                + "\"meta_ser_id\", \"meta_ser_manifest\", (SELECT LISTAGG(\"tag\", ',') WITHIN GROUP (ORDER BY \"tag\") "
                + "FROM PUBLIC.\"event_tag\" t WHERE t.\"event_id\" = e.\"ordering\") FROM PUBLIC.\"event_journal\" e "
                + "WHERE \"persistence_id\" = ? ORDER BY \"sequence_number\"")) {
            st.setString(1, pid);
            var out = new ArrayList<List<Object>>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(Arrays.asList(rs.getBoolean(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                            Arrays.toString(rs.getBytes(6)), rs.getBytes(7), rs.getObject(8), rs.getString(9), rs.getString(10)));
                }
            }
            return out;
        }
    }
}
