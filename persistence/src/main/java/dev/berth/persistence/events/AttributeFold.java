package dev.berth.persistence.events;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The per-entity states a Docker event's attributes need (a container's name and labels, an image's
 * labels for its tags…), folded as journal rows are read, and the mapping of each row to the Docker events
 * it stands for. Touched by one stream stage only.
 *
 * <p>A read from the journal's start folds every entity from its first row. A read that starts at a later
 * position never looks at the rows before it in bulk: the first time an entity shows up after that position
 * (or a tag names an image), its own earlier rows are read through the primary key ({@link Timeline}) and
 * folded, so the read costs the rows after the position plus those of the entities it meets.
 */
final class AttributeFold {
    private final Instant since;
    private final Instant until;
    private final EventCursor after;
    private final Predicate<DockerEvent> filter;
    private final Consumer<DockerEvent> sink;
    /** Null when the read starts at the journal's first row: every state is then folded from the rows read. */
    private final Timeline earlier;
    /** Persistence ids whose state is folded up to the current row (only kept when {@link #earlier} is set). */
    private final Set<String> known = new HashSet<>();
    private final Map<String, ContainerState> containers = new HashMap<>();
    private final Map<String, ImageState.Present> images = new HashMap<>();
    private final Map<String, NetworkState> networks = new HashMap<>();
    private final Map<String, VolumeState> volumes = new HashMap<>();
    private long current;
    long highestOffset;
    /** Rows read through the primary key to catch entities up: what a read from a position cost beyond its rows. */
    long caughtUpRows;

    AttributeFold(Instant since, Instant until, EventCursor after, Predicate<DockerEvent> filter,
                  Consumer<DockerEvent> sink, Timeline earlier) {
        this.since = since;
        this.until = until;
        this.after = after;
        this.filter = filter == null ? e -> true : filter;
        this.sink = sink;
        this.earlier = earlier;
    }

    void accept(long offset, String pid, long sequenceNr, Object event) {
        highestOffset = Math.max(highestOffset, offset);
        current = offset;
        if (earlier != null && folded(event) && known.add(pid) && sequenceNr > 1) {
            catchUp(pid);
        }
        Object before = advance(pid, event);
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

    private static boolean folded(Object event) {
        return event instanceof ContainerEvent || event instanceof ImageEvent || event instanceof NetworkEvent
                || event instanceof VolumeEvent;
    }

    /** Folds {@code pid}'s rows before the current one: it had none since the read's start, so all are older. */
    private void catchUp(String pid) {
        for (Timeline.Entry e : earlier.before(pid, current)) {
            advance(pid, e.event());
            caughtUpRows++;
        }
    }

    /** Applies {@code event} to {@code pid}'s state; returns the state before it (null for unfolded types). */
    private Object advance(String pid, Object event) {
        if (event instanceof ContainerEvent e) {
            ContainerState state = containers.getOrDefault(pid, ContainerState.empty());
            ContainerState next = state.apply(e);
            if (next instanceof ContainerState.Removed) {
                containers.remove(pid); // an id is never reused: its state is no longer needed
            } else {
                containers.put(pid, next);
            }
            return state;
        }
        if (event instanceof ImageEvent e) {
            ImageState state = images.containsKey(pid) ? images.get(pid) : ImageState.empty();
            if (state.apply(e) instanceof ImageState.Present p) {
                images.put(pid, p);
            } else {
                images.remove(pid); // a re-import of the same id starts over from None, as from Gone
            }
            return state;
        }
        if (event instanceof NetworkEvent e) {
            NetworkState state = networks.getOrDefault(pid, NetworkState.empty());
            NetworkState next = state.apply(e);
            if (next instanceof NetworkState.Gone) {
                networks.remove(pid);
            } else {
                networks.put(pid, next);
            }
            return state;
        }
        if (event instanceof VolumeEvent e) {
            VolumeState state = volumes.getOrDefault(pid, VolumeState.empty());
            VolumeState next = state.apply(e);
            if (next instanceof VolumeState.Gone) {
                volumes.remove(pid); // a name may be used again: it starts over from None
            } else {
                volumes.put(pid, next);
            }
            return state;
        }
        return null;
    }

    private Map<String, String> imageLabels(String imageId) {
        String pid = "image|" + imageId;
        if (earlier != null && known.add(pid)) {
            catchUp(pid);
        }
        ImageState.Present present = images.get(pid);
        return present == null ? Map.of() : present.image().labels();
    }
}
