package dev.berth.persistence;

import com.typesafe.config.ConfigFactory;
import dev.berth.persistence.container.ContainerEvent;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * The process {@link JournalCompactionKillTest} kills. One thread appends events as berthd's journal does:
 * the row autocommitted ({@code WRITE_DELAY=0}), then the event recorded in {@link AcknowledgedEvents},
 * then {@code ACK n} printed (the daemon answers its caller at that point). The main thread runs the
 * daemon's compaction passes back to back, printing {@code PASS-START} and {@code PASS-END} around each
 * one that rewrites the file, and trims the acknowledged-events log as the daemon does after a pass
 * (every few KB here, not every MB), printing {@code TRIM-START} and {@code TRIM-END bytes}.
 */
final class CompactionVictim {
    static final String PERSISTENCE_ID = "container|victim";

    /** Event {@code seq}: a test can tell a missing or swapped row from the right one. */
    static ContainerEvent event(long seq) {
        return new ContainerEvent.StartRequested(Instant.ofEpochMilli(seq), null);
    }

    static ActorTestKit kit(Path dataRoot) {
        return ActorTestKit.create("victim", JournalConfig.forDataRoot(dataRoot).withFallback(ConfigFactory.load()).resolve());
    }

    public static void main(String[] args) throws Exception {
        Path dataRoot = Path.of(args[0]);
        long first = Long.parseLong(args[1]);
        PrintStream out = new PrintStream(System.out, true);
        JournalSchema.create(dataRoot);
        Connection held = JournalSchema.keepOpen(dataRoot);
        ActorSystem<?> system = kit(dataRoot).system();
        AcknowledgedEvents log = AcknowledgedEvents.open(system, dataRoot);
        AtomicLong appended = new AtomicLong(first - 1);
        Thread writer = new Thread(() -> append(dataRoot, first, SerializationExtension.get(system), log, appended, out), "writer");
        writer.setDaemon(true);
        writer.start();
        while (true) {
            Thread.sleep(20);
            if (JournalCompaction.store(held).getFileStore().getChunksFillRate() < JournalCompaction.SPARSE_FILL_RATE) {
                out.println("PASS-START");
                JournalCompaction.Result result = JournalCompaction.compact(dataRoot, 2_000);
                out.println("PASS-END " + result.millis() + " ms " + result.fileBytesBefore() + " -> " + result.fileBytesAfter());
            }
            // every record up to this event is in the log before the trim notes where the log ends
            long covered = appended.get();
            out.println("TRIM-START");
            long dropped = log.trim(8 << 10, () -> JournalCompaction.storeCommittedVersion(dataRoot));
            out.println("TRIM-END " + dropped);
            if (dropped > 0) {
                out.println("TRIM-DROPPED-THROUGH " + covered);
            }
        }
    }

    private static void append(Path dataRoot, long first, Serialization serialization, AcknowledgedEvents log, AtomicLong appended, PrintStream out) {
        try (Connection c = JournalSchema.keepOpen(dataRoot);
                PreparedStatement st = c.prepareStatement("INSERT INTO PUBLIC.\"event_journal\" (\"persistence_id\", "
                        + "\"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", "
                        + "\"event_ser_id\", \"event_ser_manifest\") VALUES (?, ?, 'w', ?, '', ?, ?, ?)")) {
            for (long seq = first; ; seq++) {
                ContainerEvent event = event(seq);
                Serializer serializer = serialization.findSerializerFor(event);
                st.setString(1, PERSISTENCE_ID);
                st.setLong(2, seq);
                st.setLong(3, System.currentTimeMillis());
                st.setBytes(4, serializer.toBinary(event));
                st.setInt(5, serializer.identifier());
                st.setString(6, Serializers.manifestFor(serializer, event));
                st.executeUpdate();
                log.append(PERSISTENCE_ID, seq, event);
                appended.set(seq);
                out.println("ACK " + seq);
            }
        } catch (Exception e) {
            StringBuilder where = new StringBuilder("WRITER-FAILED " + e);
            for (StackTraceElement f : e.getStackTrace()) {
                where.append(" < ").append(f);
            }
            out.println(where);
        }
    }

    private CompactionVictim() {}
}
