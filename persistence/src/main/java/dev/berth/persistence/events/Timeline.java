package dev.berth.persistence.events;

import dev.berth.persistence.JournalSchema;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.persistence.image.TagEvent;
import dev.berth.persistence.names.NameEvent;
import dev.berth.persistence.network.NetworkEvent;
import dev.berth.persistence.plugin.PluginEvent;
import dev.berth.persistence.volume.VolumeEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * One entity's journaled events, read from the event table by its primary key
 * ({@code persistence_id, sequence_number}): what "as of a time" reads fold. Never scans the table:
 * each query is an index lookup or an index range on the persistence id.
 */
public final class Timeline {
    private static final String COLUMNS = "\"ordering\", \"persistence_id\", \"sequence_number\", \"event_payload\", "
            + "\"event_ser_id\", \"event_ser_manifest\"";

    private final Serialization serialization;
    private final Path dataRoot;

    public Timeline(ActorSystem<?> system, Path dataRoot) {
        this.serialization = SerializationExtension.get(system);
        this.dataRoot = dataRoot;
    }

    /** One journaled event and where it is. */
    public record Entry(long offset, String persistenceId, long sequenceNr, Object event) {
        public Instant at() {
            return Timeline.at(event);
        }
    }

    /** Every event of {@code persistenceId}, in sequence order; empty when the journal has none. */
    public List<Entry> of(String persistenceId) {
        return read("SELECT " + COLUMNS + " FROM PUBLIC.\"event_journal\" WHERE \"persistence_id\" = ? "
                + "AND \"deleted\" = FALSE ORDER BY \"sequence_number\"", persistenceId);
    }

    /** The events of {@code persistenceId} journaled before {@code offset}, in sequence order. */
    List<Entry> before(String persistenceId, long offset) {
        return read("SELECT " + COLUMNS + " FROM PUBLIC.\"event_journal\" WHERE \"persistence_id\" = ? "
                + "AND \"deleted\" = FALSE AND \"ordering\" < " + offset + " ORDER BY \"sequence_number\"",
                persistenceId);
    }

    /**
     * The persistence ids that start with {@code prefix} (e.g. {@code container|3fa}), sorted: a range
     * of the primary key, one row per entity (its first event).
     */
    public List<String> idsStartingWith(String prefix) {
        String sql = "SELECT \"persistence_id\" FROM PUBLIC.\"event_journal\" WHERE \"persistence_id\" >= ? "
                + "AND \"persistence_id\" < ? AND \"sequence_number\" = 1 ORDER BY \"persistence_id\"";
        try (Connection c = JournalSchema.keepOpen(dataRoot); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, prefix);
            st.setString(2, prefix + Character.MAX_VALUE);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the journal: " + e.getMessage(), e);
        }
    }

    /** The time of the journal's first event (lowest ordering), empty for an empty journal. */
    public Optional<Instant> first() {
        List<Entry> first = read("SELECT " + COLUMNS + " FROM PUBLIC.\"event_journal\" WHERE \"deleted\" = FALSE "
                + "ORDER BY \"ordering\" LIMIT 1", null);
        return first.isEmpty() ? Optional.empty() : Optional.ofNullable(first.get(0).at());
    }

    private List<Entry> read(String sql, String persistenceId) {
        try (Connection c = JournalSchema.keepOpen(dataRoot); PreparedStatement st = c.prepareStatement(sql)) {
            if (persistenceId != null) {
                st.setString(1, persistenceId);
            }
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Object event = serialization.deserialize(rs.getBytes(4), rs.getInt(5), rs.getString(6)).get();
                    out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getLong(3), event));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the journal: " + e.getMessage(), e);
        }
    }

    /** A journaled event's own time; null for a type that has none. */
    public static Instant at(Object event) {
        if (event instanceof ContainerEvent e) {
            return e.at();
        }
        if (event instanceof ImageEvent e) {
            return e.at();
        }
        if (event instanceof TagEvent e) {
            return e.at();
        }
        if (event instanceof NetworkEvent e) {
            return e.at();
        }
        if (event instanceof VolumeEvent e) {
            return e.at();
        }
        if (event instanceof NameEvent e) {
            return e.at();
        }
        if (event instanceof PluginEvent e) {
            return e.at();
        }
        return null;
    }
}
