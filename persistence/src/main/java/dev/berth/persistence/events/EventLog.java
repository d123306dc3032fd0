package dev.berth.persistence.events;

import dev.berth.persistence.JournalScan;
import dev.berth.persistence.JournalSchema;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.persistence.image.ImageState;
import dev.berth.persistence.network.NetworkEvent;
import dev.berth.persistence.network.NetworkState;
import dev.berth.persistence.volume.VolumeEvent;
import dev.berth.persistence.volume.VolumeState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * -9 left a gap), so {@code docker events --since 0 --until 0s} missed the last events. Reads the
 * whole journal on each call: attributes (a container's name and labels) need its events from the start.
 */
public final class EventLog {
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
     * (null = all). The whole journal is still read: attributes need each entity's events from its start.
     */
    public CompletionStage<Long> history(Instant since, Instant until, EventCursor after, Predicate<DockerEvent> filter,
                                         Consumer<DockerEvent> sink) {
        var fold = new Fold(since, until, after, filter, sink);
        try {
            JournalScan.scan(system, dataRoot, 0, fold::accept);
            return CompletableFuture.completedFuture(fold.highestOffset);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

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

    /** The per-entity states needed for attributes; touched by one stream stage only. */
    private static final class Fold {
        private final Instant since;
        private final Instant until;
        private final EventCursor after;
        private final Predicate<DockerEvent> filter;
        private final Consumer<DockerEvent> sink;
        private final Map<String, ContainerState> containers = new HashMap<>();
        private final Map<String, ImageState.Present> images = new HashMap<>();
        private final Map<String, NetworkState> networks = new HashMap<>();
        private final Map<String, VolumeState> volumes = new HashMap<>();
        long highestOffset;

        Fold(Instant since, Instant until, EventCursor after, Predicate<DockerEvent> filter, Consumer<DockerEvent> sink) {
            this.since = since;
            this.until = until;
            this.after = after;
            this.filter = filter == null ? e -> true : filter;
            this.sink = sink;
        }

        void accept(long offset, String pid, long sequenceNr, Object event) {
            highestOffset = Math.max(highestOffset, offset);
            Object before = null;
            if (event instanceof ContainerEvent e) {
                ContainerState state = containers.getOrDefault(pid, ContainerState.empty());
                before = state;
                ContainerState after = state.apply(e);
                if (after instanceof ContainerState.Removed) {
                    containers.remove(pid); // an id is never reused: its state is no longer needed
                } else {
                    containers.put(pid, after);
                }
            } else if (event instanceof ImageEvent e) {
                ImageState state = images.containsKey(pid) ? images.get(pid) : ImageState.empty();
                before = state;
                if (state.apply(e) instanceof ImageState.Present p) {
                    images.put(pid, p);
                } else {
                    images.remove(pid); // a re-import of the same id starts over from None, as from Gone
                }
            } else if (event instanceof NetworkEvent e) {
                NetworkState state = networks.getOrDefault(pid, NetworkState.empty());
                before = state;
                NetworkState after = state.apply(e);
                if (after instanceof NetworkState.Gone) {
                    networks.remove(pid);
                } else {
                    networks.put(pid, after);
                }
            } else if (event instanceof VolumeEvent e) {
                VolumeState state = volumes.getOrDefault(pid, VolumeState.empty());
                before = state;
                VolumeState after = state.apply(e);
                if (after instanceof VolumeState.Gone) {
                    volumes.remove(pid); // a name may be used again: it starts over from None
                } else {
                    volumes.put(pid, after);
                }
            }
            List<DockerEvent> mapped = DockerEvents.map(pid, sequenceNr, event, before, this::imageLabels);
            for (int i = 0; i < mapped.size(); i++) {
                DockerEvent docker = mapped.get(i).at(offset, i);
                if (docker.isAfter(after) && (since == null || !docker.time().isBefore(since))
                        && (until == null || !docker.time().isAfter(until))
                        && filter.test(docker)) {
                    sink.accept(docker);
                }
            }
        }

        private Map<String, String> imageLabels(String imageId) {
            ImageState.Present present = images.get("image|" + imageId);
            return present == null ? Map.of() : present.image().labels();
        }
    }
}
