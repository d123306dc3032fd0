package dev.berth.persistence.events;

import dev.berth.persistence.JournalScan;
import dev.berth.persistence.JournalSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The history behind {@code /events}: every journaled event, read from the journal's table alone (no
 * entity is woken), folded per entity so each Docker event carries the attributes it had at that
 * moment. Live events are published in-process by the engine; a caller streams history first, then
 * switches to live events after the offset {@link #history} returns.
 *
 * <p>Reads the event table straight ({@link JournalScan}), not through the JDBC read journal: the
 * latter's sequence actor holds back the newest rows until the orderings settle (seconds after a kill
 * -9 left a gap), so {@code docker events --since 0 --until 0s} missed the last events. A read from a
 * cursor starts at the cursor: {@link AttributeFold} reads the earlier rows of just the entities it meets.
 */
public final class EventLog {
    /** Journal orderings per page read. */
    private static final long PAGE = 20_000;

    private final ActorSystem<?> system;
    private final Path dataRoot;

    public EventLog(ActorSystem<?> system, Path dataRoot) {
        this.system = system;
        this.dataRoot = dataRoot;
    }

    /**
     * Streams the Docker events in {@code [since, until]} that pass {@code filter} to {@code sink},
     * in journal order.
     *
     * @param since  inclusive; null = from the first event ever journaled
     * @param until  inclusive; null = up to the latest journaled when the query started
     * @param sink   called on one stream thread at a time, in order
     * @return completes after the last event with the highest journal offset read (0 for an empty
     *         journal), or fails with the journal's error
     */
    public CompletionStage<Long> history(Instant since, Instant until, Predicate<DockerEvent> filter,
                                         Consumer<DockerEvent> sink) {
        return history(since, until, null, filter, sink);
    }

    /**
     * As {@link #history(Instant, Instant, Predicate, Consumer)}, only the events after {@code after}
     * (null = all). Reads the rows from {@code after} on, plus the earlier rows of the entities those rows
     * belong to (through the primary key), never the whole journal before {@code after}.
     */
    public CompletionStage<Long> history(Instant since, Instant until, EventCursor after, Predicate<DockerEvent> filter,
                                         Consumer<DockerEvent> sink) {
        // A cursor inside an entry (OFFSET.INDEX) still needs that entry's later Docker events.
        long from = after == null ? 0 : after.index() == Integer.MAX_VALUE ? after.offset() : after.offset() - 1;
        try {
            var fold = new AttributeFold(since, until, after, filter, sink,
                    from == 0 ? null : new Timeline(system, dataRoot));
            long end = query("SELECT MAX(\"ordering\") FROM PUBLIC.\"event_journal\"", null, 0)
                    .toCompletableFuture().join();
            // In pages: a page's rows are held while they are decoded, the whole journal never is.
            for (long lo = from; lo < end; lo += PAGE) {
                JournalScan.scan(system, dataRoot, lo, Math.min(end, lo + PAGE), fold::accept);
            }
            // Rows up to the cursor count as read: they were, by whoever gave the cursor.
            long highest = Math.max(fold.highestOffset, Math.min(from, end));
            lastRead = new Read(highest, fold.caughtUpRows);
            return CompletableFuture.completedFuture(highest);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e instanceof CompletionException c && c.getCause() instanceof RuntimeException r
                    ? r : e);
        }
    }

    /** What the last {@link #history} call read beyond its own rows (for tests and the bench). */
    record Read(long highestOffset, long caughtUpRows) {}

    volatile Read lastRead;

    /**
     * Whether the journal holds an entry at {@code cursor}'s offset or beyond (offset 0 always exists):
     * a cursor past the end was not given by this journal.
     */
    public CompletionStage<Boolean> reaches(EventCursor cursor) {
        if (cursor.offset() == 0) {
            return CompletableFuture.completedFuture(true);
        }
        return query("SELECT MAX(\"ordering\") FROM PUBLIC.\"event_journal\"", null, 0)
                .thenApply(max -> max >= cursor.offset());
    }

    /** The journal position of one entity's event: its ordering, or 0 when the journal does not hold it. */
    public CompletionStage<Long> offsetOf(String persistenceId, long sequenceNr) {
        return query("SELECT \"ordering\" FROM PUBLIC.\"event_journal\" WHERE \"persistence_id\" = ? "
                + "AND \"sequence_number\" = ?", persistenceId, sequenceNr);
    }

    /**
     * How many journal entries lie after {@code offset} (the names' entries, never shown, left out): how far
     * a reader at that offset is behind, give or take the entries that map to no Docker event.
     */
    public CompletionStage<Long> entriesAfter(long offset) {
        try (Connection c = JournalSchema.keepOpen(dataRoot); PreparedStatement st = c.prepareStatement(
                "SELECT COUNT(*) FROM PUBLIC.\"event_journal\" WHERE \"ordering\" > ? "
                        + "AND \"persistence_id\" <> 'container-names'")) {
            st.setLong(1, offset);
            try (ResultSet rs = st.executeQuery()) {
                return CompletableFuture.completedFuture(rs.next() ? rs.getLong(1) : 0L);
            }
        } catch (SQLException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** One long from {@code sql} (0 when no row or NULL), with up to two parameters. */
    private CompletionStage<Long> query(String sql, String pid, long seq) {
        try (Connection c = JournalSchema.keepOpen(dataRoot); PreparedStatement st = c.prepareStatement(sql)) {
            if (pid != null) {
                st.setString(1, pid);
                st.setLong(2, seq);
            }
            try (ResultSet rs = st.executeQuery()) {
                return CompletableFuture.completedFuture(rs.next() ? rs.getLong(1) : 0L);
            }
        } catch (SQLException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
