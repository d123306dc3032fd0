package dev.berth.persistence.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import scala.Option;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * Berth's Pekko snapshot store: the {@code snapshot} table of the journal's H2 file over plain JDBC, as
 * pekko-persistence-jdbc 1.1.1 kept it. One row per entity and sequence number ({@code created} is the
 * snapshot's timestamp); a save of the same pair replaces the row. Loading picks the row with the
 * highest sequence number at or below the criteria's {@code maxSequenceNr} and {@code maxTimestamp};
 * deleting by criteria removes every row at or below both. The criteria's {@code min*} bounds are not
 * applied, as 1.1.1 did not apply them (Pekko's typed retention passes a lower bound when it deletes:
 * applying it would leave snapshots the previous store removed).
 */
public final class H2SnapshotStore extends SnapshotStore {
    private final JournalDatabase db;
    private final Serialization serialization;

    public H2SnapshotStore() {
        this.db = JournalDatabase.get(context().system());
        this.serialization = SerializationExtension.get(context().system());
    }

    @Override
    public Future<Optional<SelectedSnapshot>> doLoadAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        return FutureConverters.asScala(db.read(c -> load(c, persistenceId, criteria)));
    }

    private Optional<SelectedSnapshot> load(Connection c, String persistenceId, SnapshotSelectionCriteria criteria)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT \"sequence_number\", \"created\", \"snapshot_ser_id\", "
                + "\"snapshot_ser_manifest\", \"snapshot_payload\", \"meta_ser_id\", \"meta_ser_manifest\", \"meta_payload\" "
                + "FROM PUBLIC.\"snapshot\" WHERE \"persistence_id\" = ? AND \"sequence_number\" <= ? AND \"created\" <= ? "
                + "ORDER BY \"sequence_number\" DESC LIMIT 1")) {
            st.setString(1, persistenceId);
            st.setLong(2, criteria.maxSequenceNr());
            st.setLong(3, criteria.maxTimestamp());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long seq = rs.getLong(1);
                long created = rs.getLong(2);
                Object snapshot = Serialized.deserialize(serialization, rs.getBytes(5), rs.getInt(3), rs.getString(4));
                int metaSerId = rs.getInt(6);
                boolean hasMetaId = !rs.wasNull();
                String metaManifest = rs.getString(7);
                byte[] metaPayload = rs.getBytes(8);
                Option<Object> meta = metaPayload != null && hasMetaId
                        ? Option.apply(Serialized.deserialize(serialization, metaPayload, metaSerId,
                                metaManifest == null ? "" : metaManifest))
                        : Option.empty();
                return Optional.of(SelectedSnapshot.create(new SnapshotMetadata(persistenceId, seq, created, meta),
                        snapshot));
            }
        }
    }

    @Override
    public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
        Serialized data;
        Optional<Serialized> meta;
        try {
            data = Serialized.of(serialization, snapshot);
            // metadata that cannot be serialized is left out, as pekko-persistence-jdbc did
            meta = metadata.metadata().isDefined()
                    ? Serialized.tryOf(serialization, metadata.metadata().get()) : Optional.empty();
        } catch (Exception e) {
            return FutureConverters.asScala(CompletableFuture.failedFuture(e));
        }
        return FutureConverters.asScala(db.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement("MERGE INTO PUBLIC.\"snapshot\" (\"persistence_id\", "
                    + "\"sequence_number\", \"created\", \"snapshot_ser_id\", \"snapshot_ser_manifest\", "
                    + "\"snapshot_payload\", \"meta_ser_id\", \"meta_ser_manifest\", \"meta_payload\") "
                    + "KEY (\"persistence_id\", \"sequence_number\") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                st.setString(1, metadata.persistenceId());
                st.setLong(2, metadata.sequenceNr());
                st.setLong(3, metadata.timestamp());
                st.setInt(4, data.serializerId());
                st.setString(5, data.manifest());
                st.setBytes(6, data.bytes());
                if (meta.isPresent()) {
                    st.setInt(7, meta.get().serializerId());
                    st.setString(8, meta.get().manifest());
                    st.setBytes(9, meta.get().bytes());
                } else {
                    st.setNull(7, Types.INTEGER);
                    st.setNull(8, Types.VARCHAR);
                    st.setNull(9, Types.BLOB);
                }
                st.executeUpdate();
            }
            return null;
        }));
    }

    @Override
    public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
        return FutureConverters.asScala(db.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM PUBLIC.\"snapshot\" "
                    + "WHERE \"persistence_id\" = ? AND \"sequence_number\" = ?")) {
                st.setString(1, metadata.persistenceId());
                st.setLong(2, metadata.sequenceNr());
                st.executeUpdate();
            }
            return null;
        }));
    }

    @Override
    public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        return FutureConverters.asScala(db.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM PUBLIC.\"snapshot\" WHERE \"persistence_id\" = ? "
                    + "AND \"sequence_number\" <= ? AND \"created\" <= ?")) {
                st.setString(1, persistenceId);
                st.setLong(2, criteria.maxSequenceNr());
                st.setLong(3, criteria.maxTimestamp());
                st.executeUpdate();
            }
            return null;
        }));
    }
}
