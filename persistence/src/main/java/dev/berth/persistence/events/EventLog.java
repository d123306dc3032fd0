package dev.berth.persistence.events;

import dev.berth.persistence.Tags;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.persistence.image.ImageState;
import dev.berth.persistence.network.NetworkEvent;
import dev.berth.persistence.network.NetworkState;
import dev.berth.persistence.volume.VolumeEvent;
import dev.berth.persistence.volume.VolumeState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The history behind {@code /events}: every event tagged {@link Tags#ALL}, read from the journal
 * alone (no entity is woken), folded per entity so each Docker event carries the attributes it
 * had at that moment. Live events are published in-process by the engine; a caller streams
 * history first, then switches to live events after the offset {@link #history} returns.
 *
 * <p>Reads the whole journal on each call: the JDBC journal's offsets are orderings, not times,
 * and attributes (a container's name and labels) need its events from the start.
 */
public final class EventLog {
    private final ActorSystem<?> system;
    private final JdbcReadJournal journal;

    public EventLog(ActorSystem<?> system) {
        this.system = system;
        this.journal = PersistenceQuery.get(system)
                .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
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
        var fold = new Fold(since, until, filter, sink);
        return journal.currentEventsByTag(Tags.ALL, Offset.noOffset())
                .runWith(Sink.foreach(fold::accept), system)
                .thenApply(done -> fold.highestOffset);
    }

    /** The per-entity states needed for attributes; touched by one stream stage only. */
    private static final class Fold {
        private final Instant since;
        private final Instant until;
        private final Predicate<DockerEvent> filter;
        private final Consumer<DockerEvent> sink;
        private final Map<String, ContainerState> containers = new HashMap<>();
        private final Map<String, ImageState.Present> images = new HashMap<>();
        private final Map<String, NetworkState> networks = new HashMap<>();
        private final Map<String, VolumeState> volumes = new HashMap<>();
        long highestOffset;

        Fold(Instant since, Instant until, Predicate<DockerEvent> filter, Consumer<DockerEvent> sink) {
            this.since = since;
            this.until = until;
            this.filter = filter == null ? e -> true : filter;
            this.sink = sink;
        }

        void accept(EventEnvelope envelope) {
            if (envelope.offset() instanceof Sequence s) {
                highestOffset = Math.max(highestOffset, s.value());
            }
            String pid = envelope.persistenceId();
            Object event = envelope.event();
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
            List<DockerEvent> mapped = DockerEvents.map(pid, envelope.sequenceNr(), event, before, this::imageLabels);
            for (DockerEvent docker : mapped) {
                if ((since == null || !docker.time().isBefore(since))
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
