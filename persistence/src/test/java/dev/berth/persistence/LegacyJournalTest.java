package dev.berth.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.events.DockerEvent;
import dev.berth.persistence.events.EventLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data root as the previous release left it — a version-1 row in the H2 event table and a
 * version-1 read-model snapshot file — read by the paths berthd uses at start-up and for
 * {@code /events}: each goes through the serializer, so each gets the migration.
 */
class LegacyJournalTest {
    private static final String PID = "container|" + Samples.ID;

    @TempDir
    Path dataRoot;
    private ActorTestKit kit;

    @BeforeEach
    void start() throws Exception {
        JournalSchema.create(dataRoot);
        insertV1Row(dataRoot, PID, 1, LegacyJsonTest.bytes("/legacy/container-event-created-v1.json"),
                ContainerEvent.Created.class.getName());
        kit = ActorTestKit.create("legacy", JournalConfig.forDataRoot(dataRoot).withFallback(ConfigFactory.load()).resolve());
    }

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void journalScan_v1Row_readsAsTodaysCreated() {
        var events = new ArrayList<Object>();
        JournalScan.scan(kit.system(), dataRoot, (pid, seq, event) -> events.add(event));
        assertThat(events).containsExactly(Samples.created());
    }

    @Test
    void eventLog_v1Row_readsThroughTheJournalTable() throws Exception {
        List<DockerEvent> events = new ArrayList<>();
        new EventLog(kit.system(), dataRoot).history(null, null, e -> true, events::add).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertThat(events).extracting(DockerEvent::action).containsExactly("create");
        assertThat(events.get(0).attributes()).containsEntry("name", "web");
    }

    @Test
    void readModelSnapshots_v1File_loadsMigrated() throws Exception {
        Path file = ReadModelSnapshots.file(dataRoot);
        byte[] header = ("31 " + ReadModelSnapshot.class.getName() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = LegacyJsonTest.bytes("/legacy/snapshot-read-models-v1.json");
        byte[] all = new byte[header.length + body.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(body, 0, all, header.length, body.length);
        Files.write(file, all);

        // Written before volumes existed: today's sample without them.
        var sample = (ReadModelSnapshot) Samples.all().get("snapshot/read-models");
        assertThat(ReadModelSnapshots.load(kit.system(), dataRoot)).contains(new ReadModelSnapshot(sample.ordering(),
                sample.containers(), sample.images(), sample.tags(), sample.networks(), Map.of()));
    }

    @Test
    void readModelSnapshots_savedNow_loadsBack() {
        var snapshot = (ReadModelSnapshot) Samples.all().get("snapshot/read-models");
        ReadModelSnapshots.save(kit.system(), dataRoot, snapshot);
        assertThat(ReadModelSnapshots.load(kit.system(), dataRoot)).contains(snapshot);
    }

    /** Writes an event row as pekko-persistence-jdbc 1.1.1 did for the previous release (no version in the manifest). */
    static void insertV1Row(Path dataRoot, String pid, long seq, byte[] json, String manifest) throws Exception {
        try (Connection c = DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), JournalSchema.USER,
                JournalSchema.PASSWORD)) {
            long ordering;
            try (PreparedStatement st = c.prepareStatement("INSERT INTO PUBLIC.\"event_journal\" (\"persistence_id\", "
                    + "\"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", "
                    + "\"event_ser_id\", \"event_ser_manifest\") VALUES (?, ?, 'previous-release', ?, '', ?, 31, ?)",
                    new String[] {"ordering"})) {
                st.setString(1, pid);
                st.setLong(2, seq);
                st.setLong(3, System.currentTimeMillis());
                st.setBytes(4, json);
                st.setString(5, manifest);
                st.executeUpdate();
                try (var keys = st.getGeneratedKeys()) {
                    keys.next();
                    ordering = keys.getLong(1);
                }
            }
            for (String tag : Tags.of(Tags.CONTAINER)) {
                try (PreparedStatement st = c.prepareStatement(
                        "INSERT INTO PUBLIC.\"event_tag\" (\"event_id\", \"tag\") VALUES (?, ?)")) {
                    st.setLong(1, ordering);
                    st.setString(2, tag);
                    st.executeUpdate();
                }
            }
        }
    }
}
