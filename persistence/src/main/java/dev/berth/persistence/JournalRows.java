package dev.berth.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.h2.engine.SessionLocal;
import org.h2.index.Index;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.db.MVIndex;
import org.h2.mvstore.db.MVTable;
import org.h2.mvstore.tx.Transaction;
import org.h2.mvstore.tx.TransactionStore;
import org.h2.table.Table;
import org.h2.value.VersionedValue;

/**
 * Rows of the journal's event table read and written directly, as pekko-persistence-jdbc's H2 DAO
 * writes them: only for {@link AcknowledgedEvents#restore}, before the actor system uses the journal.
 */
final class JournalRows implements AutoCloseable {
    private static final String WRITER = "berth-acknowledged-events";
    private final Connection connection;

    JournalRows(Path dataRoot) {
        try {
            connection = DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), JournalSchema.USER,
                    JournalSchema.PASSWORD);
            // A row a crashed transaction left locked never frees; fail fast, log it, let the start go on.
            try (var st = connection.createStatement()) {
                st.execute("SET LOCK_TIMEOUT 2000");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the journal under " + dataRoot + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rolls back the half-written entries a kill -9 can leave in H2's tables, and returns how many it
     * rolled back. H2 (MVStore) stores each map's root in turn while other threads go on writing, so a
     * store that another thread makes (a compaction pass, a trim's store, a pruning commit) in the
     * middle of a journal write can hold the write's new row in the table and its indexes but not the
     * transaction's undo log. When that store is the last before a kill, H2's recovery, which rolls back
     * what the undo logs list, leaves the row behind in uncommitted form with no transaction: invisible
     * to reads, yet its keys stay taken. The next insert of that entity's next sequence number (or of
     * the journal ordering H2 hands out again) then waits on it until the lock timeout, so the entity's
     * next event failed, and {@link AcknowledgedEvents#restore} could not put an acknowledged event back.
     * H2 itself, when a plain update meets such an entry, takes the committed value (a leftover of an
     * unclean shutdown); an insert does not. This does that for every such entry of every table's maps,
     * as a rollback of its transaction would: the committed value back, or the entry gone when there was
     * none. Whatever it rolls back was not acknowledged, or is in the acknowledged-events log (a trim
     * drops only records whose rows a store after their commit holds committed).
     */
    int rollBackLeftovers() {
        try {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            var database = session.getDatabase();
            TransactionStore transactions = database.getStore().getTransactionStore();
            Set<Integer> open = new HashSet<>();
            for (Transaction t : transactions.getOpenTransactions()) {
                open.add(t.getId());
            }
            Set<MVMap<?, ?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            int rolledBack = 0;
            for (Table table : database.getAllTablesAndViews()) {
                if (!(table instanceof MVTable)) {
                    continue;
                }
                for (Index index : table.getIndexes()) {
                    if (index instanceof MVIndex<?, ?> mv && seen.add(mv.getMVMap())) {
                        rolledBack += rollBack(mv.getMVMap(), open);
                    }
                }
            }
            if (rolledBack > 0) {
                database.getStore().getMvStore().commit();
            }
            return rolledBack;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the journal's store: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int rollBack(MVMap<?, ? extends VersionedValue<?>> map, Set<Integer> open) {
        MVMap raw = map;
        List<Object[]> leftovers = new java.util.ArrayList<>();
        for (Cursor<?, ? extends VersionedValue<?>> c = map.cursor(null); c.hasNext(); ) {
            Object key = c.next();
            VersionedValue<?> value = c.getValue();
            long operation = value.getOperationId();
            // the transaction id is the operation id's top bits (H2's TransactionStore: 40 bits of log id below)
            if (operation != VersionedValue.NO_OPERATION_ID && !open.contains((int) (operation >>> 40))) {
                leftovers.add(new Object[] {key, value});
            }
        }
        int done = 0;
        for (Object[] leftover : leftovers) {
            VersionedValue<?> value = (VersionedValue<?>) leftover[1];
            Object committed = value.getCommittedValue();
            if (committed == null) {
                done += raw.remove(leftover[0], value) ? 1 : 0;
            } else if (committed instanceof VersionedValue<?> asCommitted) {
                // H2's row and index values are their own committed form
                done += raw.replace(leftover[0], value, asCommitted) ? 1 : 0;
            }
        }
        return done;
    }

    /** The sequence numbers the journal holds for one entity: one query per entity, not per event. */
    Set<Long> sequenceNumbers(String persistenceId) {
        try (PreparedStatement st = connection.prepareStatement("SELECT \"sequence_number\" FROM PUBLIC.\"event_journal\" "
                + "WHERE \"persistence_id\" = ?")) {
            st.setString(1, persistenceId);
            Set<Long> out = new HashSet<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the journal: " + e.getMessage(), e);
        }
    }

    /**
     * The writer of the entity's event just before {@code sequenceNr}, or our own mark for a first event.
     * A put-back row must look written by the incarnation that wrote the events around it: pekko's replay
     * filter discards, on every recovery, an event of a writer seen earlier once a newer one wrote (a
     * marker used for rows put back at two starts is such a writer), so the entity lost it while the
     * start-up fold had it (CrashChurnIT: network endpoints of removed containers kept in the view).
     */
    private String writerBefore(String persistenceId, long sequenceNr) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT \"writer\" FROM PUBLIC.\"event_journal\" "
                + "WHERE \"persistence_id\" = ? AND \"sequence_number\" < ? ORDER BY \"sequence_number\" DESC LIMIT 1")) {
            st.setString(1, persistenceId);
            st.setLong(2, sequenceNr);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : WRITER;
            }
        }
    }

    /** One row and its tags in one transaction, committed before this returns. */
    void insert(AcknowledgedEvents.Entry e, List<String> tags) {
        try {
            connection.setAutoCommit(false);
            long ordering;
            try (PreparedStatement st = connection.prepareStatement("INSERT INTO PUBLIC.\"event_journal\" "
                    + "(\"deleted\", \"persistence_id\", \"sequence_number\", \"writer\", \"write_timestamp\", "
                    + "\"adapter_manifest\", \"event_payload\", \"event_ser_id\", \"event_ser_manifest\") "
                    + "VALUES (FALSE, ?, ?, ?, ?, '', ?, ?, ?)", new String[] {"ordering"})) {
                st.setString(1, e.persistenceId());
                st.setLong(2, e.sequenceNr());
                st.setString(3, writerBefore(e.persistenceId(), e.sequenceNr()));
                st.setLong(4, e.timestamp());
                st.setBytes(5, e.payload());
                st.setInt(6, e.serializerId());
                st.setString(7, e.manifest());
                st.executeUpdate();
                try (ResultSet keys = st.getGeneratedKeys()) {
                    keys.next();
                    ordering = keys.getLong(1);
                }
            }
            try (PreparedStatement st = connection.prepareStatement(
                    "INSERT INTO PUBLIC.\"event_tag\" (\"event_id\", \"tag\") VALUES (?, ?)")) {
                for (String tag : tags) {
                    st.setLong(1, ordering);
                    st.setString(2, tag);
                    st.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException ex) {
            throw new IllegalStateException("cannot put " + e.persistenceId() + " #" + e.sequenceNr()
                    + " back into the journal: " + ex.getMessage(), ex);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the daemon's own connection keeps the database open; nothing to do
        }
    }
}
