package dev.berth.persistence;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.h2.engine.SessionLocal;
import org.h2.index.Index;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.db.MVPrimaryIndex;
import org.h2.mvstore.db.MVSecondaryIndex;
import org.h2.mvstore.db.MVTable;
import org.h2.mvstore.tx.Transaction;
import org.h2.mvstore.tx.TransactionStore;
import org.h2.result.SearchRow;
import org.h2.table.Table;
import org.h2.table.TableType;
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
            connection = JournalConnections.open(JournalConfig.jdbcUrl(dataRoot), JournalSchema.USER,
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
     * Settles the half-written entries a kill -9 can leave in H2's tables, and returns how many map
     * entries it settled. H2 (MVStore) stores each map's root in turn while other threads go on writing,
     * so a store that another thread makes (a compaction pass, a trim's store, a pruning commit) in the
     * middle of a journal write or its commit can hold the write's rows and index entries in uncommitted
     * form but not the transaction's undo log. When that store is the last before a kill, H2's recovery,
     * which works from the undo logs, leaves those entries with no transaction: their keys stay taken, and an
     * insert of the same key (the entity's next sequence number, or {@link AcknowledgedEvents#restore}
     * putting an event back) failed with a duplicate key or waited for the lock timeout.
     *
     * <p>Each such entry keeps the value it holds, made committed (or goes, when that value is a delete); an
     * index entry whose table row was never stored goes. Keeping, not rolling back: the transaction may
     * have committed in the killed process and been acknowledged, its event then trimmed from the
     * acknowledged-events log, so a rollback lost it (JournalCompactionKillTest, 10 rows of one commit). A
     * write that was not acknowledged and is kept is one a crash just after its answer would have kept too.
     * Only the indexes are read whole (their entries are small; the table rows hold the payloads): a table
     * row whose index entries were not stored takes no key and is left as it is.
     */
    int rollBackLeftovers() {
        try {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            var database = session.getDatabase();
            TransactionStore transactions = database.getStore().getTransactionStore();
            int rolledBack = finishCommitted(transactions);
            // Transaction ids are small numbers used again: a leftover's id is often that of a transaction
            // open now (this session's, H2's system session's). Only one that has written can own an entry.
            Set<Integer> open = new HashSet<>();
            for (Transaction t : transactions.getOpenTransactions()) {
                if (t.hasChanges() || t.getStatus() != Transaction.STATUS_OPEN) {
                    open.add(t.getId());
                }
            }
            for (Table table : database.getAllTablesAndViews()) {
                // the journal's own tables only (event_journal, event_tag, snapshot): never H2's
                if (!(table instanceof MVTable) || table.getTableType() != TableType.TABLE
                        || !table.getSchema().getName().equals("PUBLIC")) {
                    continue;
                }
                MVMap<Long, VersionedValue<SearchRow>> rows = null;
                Set<Long> rowKeys = new HashSet<>();
                List<Object[]> indexEntries = new ArrayList<>();
                for (Index index : table.getIndexes()) {
                    if (index instanceof MVPrimaryIndex primary) {
                        rows = primary.getMVMap();
                    } else if (index instanceof MVSecondaryIndex secondary) {
                        rolledBack += settle(secondary.getMVMap(), null, open, rowKeys, indexEntries);
                    }
                }
                if (rows != null && !rowKeys.isEmpty()) {
                    rolledBack += settle(rows, rowKeys, open, new HashSet<>(), new ArrayList<>());
                }
                // an index entry settled above whose table row was never stored would point at nothing
                for (Object[] entry : indexEntries) {
                    Long rowKey = ((SearchRow) entry[1]).getKey();
                    VersionedValue<SearchRow> row = rows == null ? null : rows.get(rowKey);
                    if (row == null || row.getCurrentValue() == null) {
                        ((MVMap) entry[0]).remove(entry[1]);
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

    /**
     * Ends the transactions H2's recovery found committed (their undo log carries the commit mark: the
     * kill came while their entries were being rewritten as committed) but left open: since H2 2.0 a
     * transaction's {@code commit()} does nothing when it is already in the committed state, which is
     * the state recovery gives them, so {@code endLeftoverTransactions} at open does not finish them. Left
     * so, their rows are invisible (a read takes the value before them) and their keys stay locked by a
     * transaction that never ends: an insert of the same key waited until the lock timeout (the entity's
     * next event, or the restore of that acknowledged event). This does what their commit would have
     * done, through H2's own (package-private) steps. Returns the transactions ended.
     */
    private static int finishCommitted(TransactionStore transactions) {
        int ended = 0;
        for (Transaction t : transactions.getOpenTransactions()) {
            if (t.getStatus() != Transaction.STATUS_COMMITTED) {
                continue;
            }
            try {
                Method commit = TransactionStore.class.getDeclaredMethod("commit", Transaction.class, boolean.class);
                commit.setAccessible(true);
                commit.invoke(transactions, t, true);
                Method close = Transaction.class.getDeclaredMethod("close", boolean.class, Throwable.class);
                close.setAccessible(true);
                close.invoke(t, true, null);
                ended++;
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot finish the committed transaction " + t.getId()
                        + " H2's recovery left open: " + e, e);
            }
        }
        return ended;
    }

    /**
     * Settles the entries of {@code map} (all of them, or those at {@code only}) that no open transaction
     * wrote: each keeps the value it holds now, in committed form (one that was a delete goes). Adds the
     * table row keys of the index entries it settled to {@code rowKeys}, and each such entry (map, key) to
     * {@code settled}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int settle(MVMap<?, ? extends VersionedValue<?>> map, Set<Long> only, Set<Integer> open,
            Set<Long> rowKeys, List<Object[]> settled) {
        MVMap raw = map;
        List<Object[]> leftovers = new ArrayList<>();
        if (only == null) {
            for (Cursor<?, ? extends VersionedValue<?>> c = map.cursor(null); c.hasNext(); ) {
                Object key = c.next();
                if (isLeftover(c.getValue(), open)) {
                    leftovers.add(new Object[] {key, c.getValue()});
                }
            }
        } else {
            for (Long key : only) {
                VersionedValue<?> value = (VersionedValue<?>) raw.get(key);
                if (value != null && isLeftover(value, open)) {
                    leftovers.add(new Object[] {key, value});
                }
            }
        }
        int done = 0;
        for (Object[] leftover : leftovers) {
            VersionedValue<?> value = (VersionedValue<?>) leftover[1];
            Object current = value.getCurrentValue();
            boolean ended;
            if (current == null) {
                ended = raw.remove(leftover[0], value);
            } else if (current instanceof VersionedValue<?> asCommitted) {
                // H2's row and index values are their own committed form
                ended = raw.replace(leftover[0], value, asCommitted);
            } else {
                ended = false;
            }
            if (ended) {
                done++;
                if (leftover[0] instanceof SearchRow indexed) {
                    rowKeys.add(indexed.getKey());
                    if (current != null) {
                        settled.add(new Object[] {map, indexed});
                    }
                }
            }
        }
        return done;
    }

    /** Written by no transaction that has written: its id is the operation id's top bits (40 bits of log id below). */
    private static boolean isLeftover(VersionedValue<?> value, Set<Integer> open) {
        long operation = value.getOperationId();
        return operation != VersionedValue.NO_OPERATION_ID && !open.contains((int) (operation >>> 40));
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
