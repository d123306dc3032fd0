package dev.berth.persistence.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.berth.persistence.JournalConfig;
import dev.berth.persistence.JournalScan;
import dev.berth.persistence.JournalSchema;
import dev.berth.persistence.Samples;
import dev.berth.persistence.Tags;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.image.TagEvent;
import dev.berth.persistence.volume.VolumeEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long journal (copies of a real container life under new ids, as {@code bench/compare --history} fills
 * one) with entities whose lives span it: a read from any cursor gives exactly the events a read from the
 * start gives after that cursor, attributes included, and reads only its own rows plus the earlier rows of
 * the entities it meets. {@code -Dberth.eventlog.rows=1000000} makes it the bench at scale; the times are
 * printed.
 */
class EventLogScaleTest {
    private static final int ROWS = Integer.getInteger("berth.eventlog.rows", 20_000);
    private static final String A = "a".repeat(64);
    private static final String TEMPLATE = "c".repeat(64);

    @TempDir
    Path dataRoot;

    private static void persist(ActorTestKit kit, String pid, Set<String> tags, Object... events) {
        ActorRef<Recorder.Record> entity = kit.spawn(Recorder.create(pid, tags));
        TestProbe<Done> probe = kit.createTestProbe();
        for (Object event : events) {
            entity.tell(new Recorder.Record(event, probe.ref()));
            probe.expectMessage(Duration.ofSeconds(10), Done.getInstance());
        }
        kit.stop(entity);
    }

    private static ContainerEvent.Created created(String id, String name) {
        return new ContainerEvent.Created(Samples.T0, id, name, Samples.IMAGE_ID, List.of(), Samples.config(),
                Samples.hostConfig(), List.of());
    }

    /** Copies the template container's rows under new ids until about {@code rows} rows are added. */
    private void fill(int rows) throws SQLException {
        int perCopy = 5;
        int copies = rows / perCopy;
        String sql = "INSERT INTO PUBLIC.\"event_journal\" (\"deleted\", \"persistence_id\", \"sequence_number\", "
                + "\"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\", "
                + "\"event_ser_manifest\") SELECT FALSE, 'container|' || LPAD(CAST(r.X AS VARCHAR), 64, '0'), "
                + "t.\"sequence_number\", t.\"writer\", t.\"write_timestamp\", t.\"adapter_manifest\", t.\"event_payload\", "
                + "t.\"event_ser_id\", t.\"event_ser_manifest\" FROM SYSTEM_RANGE(?, ?) r, PUBLIC.\"event_journal\" t "
                + "WHERE t.\"persistence_id\" = ? ORDER BY r.X, t.\"sequence_number\"";
        try (Connection c = JournalSchema.keepOpen(dataRoot); PreparedStatement st = c.prepareStatement(sql)) {
            for (int from = 1; from <= copies; from += 20_000) {
                st.setLong(1, from);
                st.setLong(2, Math.min(copies, from + 19_999));
                st.setString(3, "container|" + TEMPLATE);
                st.executeUpdate();
            }
        }
    }

    private long lastOrdering() throws SQLException {
        try (Connection c = JournalSchema.keepOpen(dataRoot); PreparedStatement st = c.prepareStatement(
                "SELECT MAX(\"ordering\") FROM PUBLIC.\"event_journal\""); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long read(EventLog log, EventCursor after, Consumer<DockerEvent> sink) throws Exception {
        return log.history(null, null, after, e -> true, sink).toCompletableFuture().get(10, TimeUnit.MINUTES);
    }

    @Test
    void history_fromAnyCursor_equalsTheFullReadAfterIt_andReadsOnlyTheEntitiesItMeets() throws Exception {
        JournalSchema.create(dataRoot);
        ActorTestKit kit = ActorTestKit.create("berth",
                JournalConfig.forDataRoot(dataRoot).withFallback(ConfigFactory.load()).resolve());
        try {
            // Before the long middle: an image, a container of it, a volume; and the template life to copy.
            persist(kit, "image|" + Samples.IMAGE_ID, Tags.of(Tags.IMAGE), Samples.stored());
            persist(kit, "container|" + A, Tags.of(Tags.CONTAINER), created(A, "web"),
                    new ContainerEvent.StartRequested(Samples.T1), new ContainerEvent.Started(Samples.T1, 42));
            persist(kit, "volume|pgdata", Tags.of(Tags.VOLUME), new VolumeEvent.Created(Samples.T0, Samples.volume()));
            persist(kit, "container|" + TEMPLATE, Tags.of(Tags.CONTAINER), created(TEMPLATE, "tmpl"),
                    new ContainerEvent.StartRequested(Samples.T1), new ContainerEvent.Started(Samples.T1, 43),
                    new ContainerEvent.Exited(Samples.T2, 0, false), new ContainerEvent.Removed(Samples.T2));
            long t0 = System.nanoTime();
            fill(ROWS);
            long fillMs = (System.nanoTime() - t0) / 1_000_000;
            var log = new EventLog(kit.system(), dataRoot);
            long middle = lastOrdering();
            // After it: A lives on under a new name, the image is tagged, the volume goes and comes back.
            persist(kit, "container|" + A, Tags.of(Tags.CONTAINER),
                    new ContainerEvent.Renamed(Samples.T2, "web", "api"), new ContainerEvent.Exited(Samples.T2, 3, false),
                    new ContainerEvent.Removed(Samples.T2));
            persist(kit, "image-tags", Tags.of(Tags.IMAGE),
                    new TagEvent.Tagged(Samples.T2, "docker.io/library/busybox:latest", Samples.IMAGE_ID, null));
            persist(kit, "volume|pgdata", Tags.of(Tags.VOLUME), new VolumeEvent.Removed(Samples.T2),
                    new VolumeEvent.Created(Samples.T2, Samples.volume()));

            read(log, new EventCursor(middle, 0), e -> { }); // warms the JIT up for what follows
            t0 = System.nanoTime();
            long[] scanned = {0, 0}; // events, last ordering: every row once, in journal order, across its batches
            JournalScan.Result all = JournalScan.scan(kit.system(), dataRoot, 0, (ordering, pid, seq, event) -> {
                assertThat(ordering).isGreaterThan(scanned[1]);
                assertThat(event).isNotNull();
                scanned[0]++;
                scanned[1] = ordering;
            });
            long decodeMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(scanned[0]).isEqualTo(all.count()).isGreaterThan(2L * JournalScan.BATCH);
            assertThat(all.lastOrdering()).isEqualTo(scanned[1]);
            try (Connection c = JournalSchema.keepOpen(dataRoot); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT COUNT(*), MAX(\"ordering\") FROM PUBLIC.\"event_journal\" WHERE \"deleted\" = FALSE")) {
                rs.next();
                assertThat(all.count()).isEqualTo(rs.getLong(1));
                assertThat(all.lastOrdering()).isEqualTo(rs.getLong(2));
            }
            List<DockerEvent> tail = new ArrayList<>();
            long[] count = {0};
            t0 = System.nanoTime();
            long end = read(log, EventCursor.START, e -> {
                count[0]++;
                if (e.offset() >= middle - 2) {
                    tail.add(e);
                }
            });
            long fullMs = Math.max(1, (System.nanoTime() - t0) / 1_000_000);

            assertThat(count[0]).isGreaterThanOrEqualTo(ROWS * 4L / 5);
            assertThat(tail).extracting(DockerEvent::action)
                    .containsSubsequence("rename", "die", "destroy", "tag", "destroy", "create");
            assertThat(tail.stream().filter(e -> e.action().equals("destroy") && e.actorId().equals(A)).findFirst().orElseThrow().attributes())
                    .containsEntry("name", "api").containsEntry("image", "busybox");
            assertThat(tail.stream().filter(e -> e.action().equals("tag")).findFirst().orElseThrow().attributes())
                    .containsEntry("maintainer", "berth");

            long nearEndMs = 0;
            for (long offset = middle - 2; offset <= end; offset++) {
                for (EventCursor cursor : List.of(new EventCursor(offset, Integer.MAX_VALUE), new EventCursor(offset, 0))) {
                    List<DockerEvent> got = new ArrayList<>();
                    t0 = System.nanoTime();
                    read(log, cursor, got::add);
                    nearEndMs = Math.max(nearEndMs, (System.nanoTime() - t0) / 1_000_000);
                    assertThat(got).as("after %s", cursor.text())
                            .isEqualTo(tail.stream().filter(e -> e.isAfter(cursor)).toList());
                    // The last copy's, A's, the image's and the volume's earlier rows at most, never the long middle.
                    assertThat(log.lastRead.caughtUpRows()).as("after %s", cursor.text()).isLessThanOrEqualTo(4 + 3 + 1 + 1);
                }
            }
            System.out.printf("EventLogScaleTest: %d rows (filled in %d ms): from 0 %d events in %d ms = %d events/s (reading and"
                    + " decoding the rows alone: %d ms);"
                    + " from a cursor near the end: at most %d ms%n", end, fillMs, count[0], fullMs,
                    count[0] * 1000 / fullMs, decodeMs, nearEndMs);
        } finally {
            kit.shutdownTestKit();
        }
    }
}
