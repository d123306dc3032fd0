package dev.berth.persistence.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;

/**
 * Berth's Pekko journal: the {@code event_journal} and {@code event_tag} tables of the H2 file, read and
 * written with plain JDBC, row for row as pekko-persistence-jdbc 1.1.1 did (which berthd used before;
 * data roots it wrote replay unchanged):
 *
 * <ul>
 *   <li>a write call's rows go into one transaction, committed before the call's future completes; the
 *       row's {@code write_timestamp} is the call's time; a {@link Tagged} event's tags go to
 *       {@code event_tag}; an event that cannot be serialized rejects its {@link AtomicWrite} only;</li>
 *   <li>replay reads the rows from/to the sequence numbers in order, at most {@code max}, skipping rows
 *       marked deleted, in batches of {@link #REPLAY_BATCH};</li>
 *   <li>the highest sequence number counts deleted rows: a delete up to N removes the rows below the
 *       highest one at or below N and marks that one deleted, so the number is never handed out again;</li>
 *   <li>the highest sequence number is read only after this journal's write in flight for the entity
 *       has finished, as an entity restarted while its write is in flight must see it.</li>
 * </ul>
 *
 * The JDBC work runs on {@link JournalDatabase}'s threads; this actor only serializes and routes.
 */
public final class H2Journal extends AsyncWriteJournal {
    static final int REPLAY_BATCH = 400;

    static final String SELECT_EVENTS = "SELECT \"sequence_number\", \"deleted\", \"writer\", \"write_timestamp\", "
            + "\"adapter_manifest\", \"event_payload\", \"event_ser_id\", \"event_ser_manifest\", \"meta_payload\", "
            + "\"meta_ser_id\", \"meta_ser_manifest\" FROM PUBLIC.\"event_journal\" WHERE \"persistence_id\" = ? "
            + "AND \"deleted\" = FALSE AND \"sequence_number\" >= ? AND \"sequence_number\" <= ? "
            + "ORDER BY \"sequence_number\" LIMIT ?";

    private final JournalDatabase db;
    private final Serialization serialization;
    /** Touched on this actor's thread only. */
    private final Map<String, CompletableFuture<?>> writesInFlight = new HashMap<>();

    public H2Journal() {
        this.db = JournalDatabase.get(context().system());
        this.serialization = SerializationExtension.get(context().system());
    }

    @Override
    public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
        long now = System.currentTimeMillis();
        var rows = new ArrayList<EventRow>();
        var results = new ArrayList<Optional<Exception>>();
        boolean rejected = false;
        String persistenceId = null;
        for (AtomicWrite write : messages) {
            persistenceId = write.persistenceId();
            try {
                var these = new ArrayList<EventRow>();
                for (PersistentRepr repr : CollectionConverters.asJava(write.payload())) {
                    these.add(row(repr, now));
                }
                rows.addAll(these);
                results.add(Optional.empty());
            } catch (Exception e) {
                rejected = true;
                results.add(Optional.of(e));
            }
        }
        CompletableFuture<Void> written = rows.isEmpty() ? CompletableFuture.completedFuture(null) : db.write(rows);
        if (persistenceId != null) {
            String pid = persistenceId;
            writesInFlight.put(pid, written);
            // the journal's own dispatcher runs this actor; a completed write is forgotten on its thread
            written.whenComplete((ok, e) -> self().tell(new WriteFinished(pid, written), self()));
        }
        Iterable<Optional<Exception>> outcome = rejected ? results : List.of();
        return FutureConverters.asScala(written.thenApply(ok -> outcome));
    }

    private record WriteFinished(String persistenceId, CompletableFuture<?> write) {}

    @Override
    public scala.PartialFunction<Object, scala.runtime.BoxedUnit> receivePluginInternal() {
        return new scala.runtime.AbstractPartialFunction<>() {
            @Override
            public boolean isDefinedAt(Object message) {
                return message instanceof WriteFinished;
            }

            @Override
            public scala.runtime.BoxedUnit apply(Object message) {
                var done = (WriteFinished) message;
                writesInFlight.remove(done.persistenceId(), done.write());
                return scala.runtime.BoxedUnit.UNIT;
            }
        };
    }

    private EventRow row(PersistentRepr repr, long now) {
        Object payload = repr.payload();
        List<String> tags = List.of();
        if (payload instanceof Tagged tagged) {
            payload = tagged.payload();
            tags = List.copyOf(CollectionConverters.asJava(tagged.tags()));
        }
        Serialized event = Serialized.of(serialization, payload);
        // metadata that cannot be serialized is left out, as pekko-persistence-jdbc did
        Optional<Serialized> meta = repr.metadata().isDefined()
                ? Serialized.tryOf(serialization, repr.metadata().get()) : Optional.empty();
        return new EventRow(repr.persistenceId(), repr.sequenceNr(), repr.deleted(), repr.writerUuid(), now,
                repr.manifest(), event.bytes(), event.serializerId(), event.manifest(),
                meta.map(Serialized::bytes).orElse(null), meta.map(Serialized::serializerId).orElse(null),
                meta.map(Serialized::manifest).orElse(null), tags);
    }

    @Override
    public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr, long toSequenceNr, long max,
            Consumer<PersistentRepr> replayCallback) {
        return FutureConverters.asScala(db.read(c -> {
            replay(c, persistenceId, fromSequenceNr, toSequenceNr, max, replayCallback);
            return null;
        }));
    }

    private void replay(Connection c, String persistenceId, long from, long to, long max,
            Consumer<PersistentRepr> callback) throws SQLException {
        long left = max;
        long next = from;
        try (PreparedStatement st = c.prepareStatement(SELECT_EVENTS)) {
            while (left > 0 && next <= to) {
                int batch = (int) Math.min(left, REPLAY_BATCH);
                st.setString(1, persistenceId);
                st.setLong(2, next);
                st.setLong(3, to);
                st.setInt(4, batch);
                int read = 0;
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        PersistentRepr repr = repr(persistenceId, rs);
                        read++;
                        next = repr.sequenceNr() + 1;
                        callback.accept(repr);
                    }
                }
                left -= read;
                if (read < batch || next == Long.MIN_VALUE) {
                    return;
                }
            }
        }
    }

    private PersistentRepr repr(String persistenceId, ResultSet rs) throws SQLException {
        long seq = rs.getLong(1);
        Object payload = Serialized.deserialize(serialization, rs.getBytes(6), rs.getInt(7), rs.getString(8));
        PersistentRepr repr = PersistentRepr.apply(payload, seq, persistenceId, rs.getString(5), rs.getBoolean(2),
                null, rs.getString(3));
        byte[] metaPayload = rs.getBytes(9);
        int metaSerId = rs.getInt(10);
        if (metaPayload != null && !rs.wasNull()) {
            String metaManifest = rs.getString(11);
            repr = repr.withMetadata(Serialized.deserialize(serialization, metaPayload, metaSerId,
                    metaManifest == null ? "" : metaManifest));
        }
        return repr.withTimestamp(rs.getLong(4));
    }

    @Override
    public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
        CompletableFuture<?> inFlight = writesInFlight.get(persistenceId);
        CompletionStage<?> after = inFlight == null ? CompletableFuture.completedFuture(null)
                : inFlight.handle((ok, e) -> null); // a failed write wrote nothing to wait for
        return FutureConverters.asScala(after.thenCompose(x -> db.read(c -> highestSequenceNr(c, persistenceId))));
    }

    static long highestSequenceNr(Connection c, String persistenceId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT MAX(\"sequence_number\") FROM PUBLIC.\"event_journal\" "
                + "WHERE \"persistence_id\" = ?")) {
            st.setString(1, persistenceId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L; // MAX of no rows is NULL, read as 0
            }
        }
    }

    @Override
    public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
        return FutureConverters.asScala(db.transaction(c -> {
            deleteTo(c, persistenceId, toSequenceNr);
            return null;
        }));
    }

    static void deleteTo(Connection c, String persistenceId, long toSequenceNr) throws SQLException {
        long highest = 0;
        try (PreparedStatement st = c.prepareStatement("SELECT MAX(\"sequence_number\") FROM PUBLIC.\"event_journal\" "
                + "WHERE \"persistence_id\" = ? AND \"sequence_number\" <= ?")) {
            st.setString(1, persistenceId);
            st.setLong(2, toSequenceNr);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    highest = rs.getLong(1);
                }
            }
        }
        // tags go with their rows (ON DELETE CASCADE)
        try (PreparedStatement st = c.prepareStatement("DELETE FROM PUBLIC.\"event_journal\" "
                + "WHERE \"persistence_id\" = ? AND \"sequence_number\" <= ?")) {
            st.setString(1, persistenceId);
            st.setLong(2, highest - 1);
            st.executeUpdate();
        }
        try (PreparedStatement st = c.prepareStatement("UPDATE PUBLIC.\"event_journal\" SET \"deleted\" = TRUE "
                + "WHERE \"persistence_id\" = ? AND \"sequence_number\" = ? AND \"deleted\" = FALSE")) {
            st.setString(1, persistenceId);
            st.setLong(2, highest);
            st.executeUpdate();
        }
    }
}
