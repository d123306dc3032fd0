package dev.berth.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * Reads every journaled event once, in journal order, straight from the event table: what the
 * read models need at start-up. pekko-persistence-jdbc's read journal (berthd's plugin before its own)
 * did the same through Slick and a sequence actor, which waits for the "max ordering" to settle first — seconds on a cold start for
 * what one query does in milliseconds.
 */
public final class JournalScan {

    /** One event and where it came from. */
    public interface Sink {
        void accept(String persistenceId, long sequenceNr, Object event);
    }

    /** One event, where it came from and its journal position. */
    public interface OrderedSink {
        void accept(long ordering, String persistenceId, long sequenceNr, Object event);
    }

    /** Rows read and decoded at a time. */
    public static final int BATCH = 4096;

    private record Row(String persistenceId, long sequenceNr, byte[] payload, int serializerId, String manifest,
                       long ordering) {}

    private JournalScan() {}

    /** How many events were read, and the journal ordering of the last one (the given start if none). */
    public record Result(long count, long lastOrdering) {}

    /** Every event. */
    public static Result scan(ActorSystem<?> system, Path dataRoot, Sink sink) {
        return scan(system, dataRoot, 0, sink);
    }

    /** Every event after journal ordering {@code after} (0 = from the start). */
    public static Result scan(ActorSystem<?> system, Path dataRoot, long after, Sink sink) {
        return scan(system, dataRoot, after, (ordering, pid, seq, event) -> sink.accept(pid, seq, event));
    }

    /** As {@link #scan(ActorSystem, Path, long, Sink)}, telling each event's ordering. */
    public static Result scan(ActorSystem<?> system, Path dataRoot, long after, OrderedSink sink) {
        return scan(system, dataRoot, after, Long.MAX_VALUE, sink);
    }

    /** Every event after journal ordering {@code after} up to ordering {@code upTo} (inclusive). */
    public static Result scan(ActorSystem<?> system, Path dataRoot, long after, long upTo, Sink sink) {
        return scan(system, dataRoot, after, upTo, (ordering, pid, seq, event) -> sink.accept(pid, seq, event));
    }

    /** As {@link #scan(ActorSystem, Path, long, long, Sink)}, telling each event's ordering. */
    public static Result scan(ActorSystem<?> system, Path dataRoot, long after, long upTo, OrderedSink sink) {
        Serialization serialization = SerializationExtension.get(system);
        String url = JournalConfig.jdbcUrl(dataRoot);
        String sql = "SELECT \"persistence_id\", \"sequence_number\", \"event_payload\", \"event_ser_id\", "
                + "\"event_ser_manifest\", \"ordering\" FROM PUBLIC.\"event_journal\" "
                + "WHERE \"deleted\" = FALSE AND \"ordering\" > ? AND \"ordering\" <= ? ORDER BY \"ordering\"";
        long last = after;
        long count = 0;
        // Read and decoded a batch at a time: a tail of a million rows (a first start after a kill
        // with no read-model snapshot covering them) held whole cost ~1.5 GiB of heap, kept
        // committed afterwards; a batch bounds it while its decoding still runs on every core.
        java.util.List<Row> rows = new java.util.ArrayList<>(BATCH);
        try (Connection c = JournalConnections.open(url, JournalSchema.USER, JournalSchema.PASSWORD);
             PreparedStatement st = c.prepareStatement(sql)) {
            st.setFetchSize(1000);
            st.setLong(1, after);
            st.setLong(2, upTo);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getLong(2), rs.getBytes(3), rs.getInt(4), rs.getString(5),
                            rs.getLong(6)));
                    last = rs.getLong(6);
                    if (rows.size() == BATCH) {
                        count += fold(serialization, rows, sink);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the journal at " + url + ": " + e.getMessage(), e);
        }
        count += fold(serialization, rows, sink);
        return new Result(count, last);
    }

    /** Decodes the rows (JSON, the cost at start-up: on every core), hands them on in order, empties the list. */
    private static int fold(Serialization serialization, java.util.List<Row> rows, OrderedSink sink) {
        int n = rows.size();
        if (n == 0) {
            return 0;
        }
        java.util.List<Object> events = rows.parallelStream()
                .map(r -> serialization.deserialize(r.payload(), r.serializerId(), r.manifest()).get())
                .toList();
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            sink.accept(r.ordering(), r.persistenceId(), r.sequenceNr(), events.get(i));
        }
        rows.clear();
        return n;
    }
}