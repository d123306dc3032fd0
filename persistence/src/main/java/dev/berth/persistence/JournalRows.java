package dev.berth.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
