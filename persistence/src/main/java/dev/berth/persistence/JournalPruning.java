package dev.berth.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Deletes old history without breaking any entity (daemon.json {@code history-retention}). Two kinds of
 * rows go, both only when written before the cut-off:
 * <ul>
 *   <li>every event of an object that is gone (a removed container, a deleted image, network or
 *       volume) whose last event is older than the cut-off: nothing will ever fold them again, and they
 *       go all at once, so no reader ever folds half an object's life;</li>
 *   <li>the events of the directories {@link #SNAPSHOTTED} at or below their latest Pekko snapshot (they
 *       recover from it), always keeping their newest row, which tells the journal their highest
 *       sequence number.</li>
 * </ul>
 * Live objects keep all their events: their state is folded from them (entity recovery, the read
 * models after a lost snapshot, the attributes {@code /events} shows). {@code image-tags} is kept too:
 * the read models fold its events when their snapshot is missing.
 */
public final class JournalPruning {
    /** Directories whose entities snapshot (RetentionCriteria) and whose events no read model folds. */
    static final Set<String> SNAPSHOTTED = Set.of("container-names", "plugins");

    private static final String OBJECTS = "(\"persistence_id\" LIKE 'container|%' OR \"persistence_id\" LIKE 'image|%' "
            + "OR \"persistence_id\" LIKE 'network|%' OR \"persistence_id\" LIKE 'volume|%')";

    /** What one pass deleted. */
    public record Result(int objects, long events) {}

    private JournalPruning() {}

    /**
     * @param cutoff rows written before it may go
     * @param upTo   rows after this journal ordering stay: the read-model snapshot's ordering, so that a
     *               start, which folds the snapshot and the rows after it, still sees every removal
     * @param live   whether a persistence id names an object that still exists; its events are kept
     */
    public static Result prune(Path dataRoot, Instant cutoff, long upTo, Predicate<String> live) {
        long millis = cutoff.toEpochMilli();
        try (Connection c = JournalConnections.open(JournalConfig.jdbcUrl(dataRoot), JournalSchema.USER,
                JournalSchema.PASSWORD)) {
            List<String> gone = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT \"persistence_id\" FROM PUBLIC.\"event_journal\" WHERE "
                    + OBJECTS + " GROUP BY \"persistence_id\" HAVING MAX(\"write_timestamp\") < ? AND MAX(\"ordering\") <= ?")) {
                st.setLong(1, millis);
                st.setLong(2, upTo);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        if (!live.test(rs.getString(1))) {
                            gone.add(rs.getString(1));
                        }
                    }
                }
            }
            long events = 0;
            // one object per statement (autocommit): short locks, and a kill between two leaves whole objects
            try (PreparedStatement del = c.prepareStatement("DELETE FROM PUBLIC.\"event_journal\" WHERE \"persistence_id\" = ? "
                    + "AND \"write_timestamp\" < ? AND \"ordering\" <= ?")) {
                for (String pid : gone) {
                    del.setString(1, pid);
                    del.setLong(2, millis);
                    del.setLong(3, upTo);
                    events += del.executeUpdate();
                }
            }
            for (String pid : SNAPSHOTTED) {
                events += pruneBelowSnapshot(c, pid, millis, upTo);
            }
            return new Result(gone.size(), events);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prune the journal under " + dataRoot + ": " + e.getMessage(), e);
        }
    }

    /** The journal's highest ordering (0 when empty): one look at the ordering index. */
    public static long lastOrdering(Path dataRoot) {
        try (Connection c = JournalConnections.open(JournalConfig.jdbcUrl(dataRoot), JournalSchema.USER,
                JournalSchema.PASSWORD);
             PreparedStatement st = c.prepareStatement("SELECT MAX(\"ordering\") FROM PUBLIC.\"event_journal\"");
             ResultSet rs = st.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the journal under " + dataRoot + ": " + e.getMessage(), e);
        }
    }

    private static long pruneBelowSnapshot(Connection c, String pid, long millis, long upTo) throws SQLException {
        long snapshot = single(c, "SELECT MAX(\"sequence_number\") FROM PUBLIC.\"snapshot\" WHERE \"persistence_id\" = ?", pid);
        long highest = single(c, "SELECT MAX(\"sequence_number\") FROM PUBLIC.\"event_journal\" WHERE \"persistence_id\" = ?", pid);
        long belowSnapshot = Math.min(snapshot, highest - 1);
        if (belowSnapshot <= 0) {
            return 0;
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM PUBLIC.\"event_journal\" WHERE \"persistence_id\" = ? "
                + "AND \"sequence_number\" <= ? AND \"write_timestamp\" < ? AND \"ordering\" <= ?")) {
            del.setString(1, pid);
            del.setLong(2, belowSnapshot);
            del.setLong(3, millis);
            del.setLong(4, upTo);
            return del.executeUpdate();
        }
    }

    private static long single(Connection c, String sql, String pid) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, pid);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
