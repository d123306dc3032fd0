package dev.berth.persistence.events;

import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.persistence.image.ImageState;
import dev.berth.persistence.image.TagEvent;
import dev.berth.persistence.image.TagState;
import dev.berth.persistence.names.NameEvent;
import dev.berth.persistence.names.NameState;
import dev.berth.persistence.network.NetworkEvent;
import dev.berth.persistence.network.NetworkState;
import dev.berth.persistence.volume.VolumeEvent;
import dev.berth.persistence.volume.VolumeState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An entity's state as of an instant: its events with a time at or before it, folded through the same
 * pure {@code apply} the entity and the read models use. Pure; the entries come from {@link Timeline}.
 */
public final class AsOf {
    private AsOf() {}

    /**
     * Folds {@code entries} (one entity's, in sequence order) up to {@code at} inclusive. Stops at the
     * first later one: the state is always a prefix of the entity's history, even if a clock step made a
     * later event's time earlier.
     */
    static <S> S fold(List<Timeline.Entry> entries, Instant at, S empty, BiFunction<S, Object, S> apply) {
        S state = empty;
        for (Timeline.Entry e : entries) {
            Instant t = e.at();
            if (t != null && t.isAfter(at)) {
                break;
            }
            state = apply.apply(state, e.event());
        }
        return state;
    }

    public static ContainerState container(List<Timeline.Entry> entries, Instant at) {
        return fold(entries, at, ContainerState.empty(),
                (s, e) -> e instanceof ContainerEvent c ? s.apply(c) : s);
    }

    public static ImageState image(List<Timeline.Entry> entries, Instant at) {
        return fold(entries, at, ImageState.empty(), (s, e) -> e instanceof ImageEvent i ? s.apply(i) : s);
    }

    public static TagState tags(List<Timeline.Entry> entries, Instant at) {
        return fold(entries, at, TagState.empty(), (s, e) -> e instanceof TagEvent t ? s.apply(t) : s);
    }

    public static NetworkState network(List<Timeline.Entry> entries, Instant at) {
        return fold(entries, at, NetworkState.empty(), (s, e) -> e instanceof NetworkEvent n ? s.apply(n) : s);
    }

    public static VolumeState volume(List<Timeline.Entry> entries, Instant at) {
        return fold(entries, at, VolumeState.empty(), (s, e) -> e instanceof VolumeEvent v ? s.apply(v) : s);
    }

    /** Container name → owner id at {@code at}, from the name directory's events. */
    public static NameState names(List<Timeline.Entry> entries, Instant at) {
        return fold(entries, at, NameState.empty(), (s, e) -> e instanceof NameEvent n ? s.apply(n) : s);
    }

    /** The last container ever given {@code name} (removed or not), or null: for history by a name no longer in use. */
    public static String lastOwner(List<Timeline.Entry> nameEntries, String name) {
        String owner = null;
        for (Timeline.Entry e : nameEntries) {
            if (e.event() instanceof NameEvent.Reserved r && r.name().equals(name)) {
                owner = r.owner();
            }
        }
        return owner;
    }

    /**
     * One entity's events as Docker messages, each with its journal position: what {@code berth history}
     * lists. Image labels come from {@code imageLabels} (tag events carry the image's labels).
     */
    public static List<DockerEvent> messages(List<Timeline.Entry> entries,
                                             Function<String, Map<String, String>> imageLabels) {
        List<DockerEvent> out = new ArrayList<>();
        Object state = null;
        for (Timeline.Entry e : entries) {
            List<DockerEvent> mapped = DockerEvents.map(e.persistenceId(), e.sequenceNr(), e.event(), state, imageLabels);
            for (int i = 0; i < mapped.size(); i++) {
                out.add(mapped.get(i).at(e.offset(), i));
            }
            state = next(state, e.event());
        }
        return out;
    }

    private static Object next(Object state, Object event) {
        if (event instanceof ContainerEvent c) {
            return (state instanceof ContainerState s ? s : ContainerState.empty()).apply(c);
        }
        if (event instanceof ImageEvent i) {
            return (state instanceof ImageState s ? s : ImageState.empty()).apply(i);
        }
        if (event instanceof NetworkEvent n) {
            return (state instanceof NetworkState s ? s : NetworkState.empty()).apply(n);
        }
        if (event instanceof VolumeEvent v) {
            return (state instanceof VolumeState s ? s : VolumeState.empty()).apply(v);
        }
        return state;
    }
}
