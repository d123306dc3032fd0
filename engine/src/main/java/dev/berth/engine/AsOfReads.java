package dev.berth.engine;

import dev.berth.actors.image.ImageService;
import dev.berth.actors.image.ImageView;
import dev.berth.actors.network.NetworkView;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerHealth;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.NetworkRequest;
import dev.berth.persistence.events.AsOf;
import dev.berth.persistence.events.Timeline;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.persistence.network.NetworkState;
import dev.berth.persistence.volume.VolumeConfig;
import dev.berth.persistence.volume.VolumeState;
import dev.berth.spi.EngineException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Objects as they were at an instant (issue 15 item 3), folded from the journal on demand: names and ids
 * resolve as of that instant too, and removed objects are found by id. Each read is a few index lookups
 * of the journal ({@link Timeline}); nothing is cached and no live read model is touched.
 */
public final class AsOfReads {
    static final String NAMES = "container-names";
    static final String TAGS = "image-tags";

    private final Timeline timeline;
    private final Supplier<Instant> now;

    public AsOfReads(Timeline timeline) {
        this(timeline, Instant::now);
    }

    AsOfReads(Timeline timeline, Supplier<Instant> now) {
        this.timeline = timeline;
        this.now = now;
    }

    /**
     * @throws EngineException INVALID_ARGUMENT when {@code at} is in the future or before the journal's
     *                         first event (there is no history to fold)
     */
    void check(Instant at) {
        Objects.requireNonNull(at, "at");
        if (at.isAfter(now.get())) {
            throw EngineException.invalid("at " + at + " is in the future");
        }
        Optional<Instant> first = timeline.first();
        if (first.isEmpty()) {
            throw EngineException.invalid("no history before " + at + ": the journal is empty");
        }
        if (at.isBefore(first.get())) {
            throw EngineException.invalid("no history before " + first.get() + " (the journal's first event)");
        }
    }

    /** A container as it was at {@code at}, with its run's health as journaled then. */
    Container container(String ref, Instant at) {
        check(at);
        String id = containerId(ref, at);
        List<Timeline.Entry> entries = timeline.of("container|" + id);
        ContainerState s = AsOf.container(entries, at);
        if (!exists(s)) {
            throw EngineException.notFound("No such container: " + ref + " at " + at);
        }
        return new Container(s, health(s, entries, at));
    }

    /** Every container that existed at {@code at}: the owners of the names reserved then. */
    List<Container> containers(Instant at) {
        check(at);
        List<Container> out = new ArrayList<>();
        for (String id : AsOf.names(timeline.of(NAMES), at).names().values()) {
            List<Timeline.Entry> entries = timeline.of("container|" + id);
            ContainerState s = AsOf.container(entries, at);
            if (exists(s)) {
                out.add(new Container(s, health(s, entries, at)));
            }
        }
        out.sort(Comparator.comparing((Container c) -> c.state().info().created()).reversed());
        return out;
    }

    /** A container state and its health then (null without a check). */
    record Container(ContainerState state, ContainerHealth health) {}

    private static boolean exists(ContainerState s) {
        return !(s instanceof ContainerState.None) && !(s instanceof ContainerState.Removed);
    }

    /** By full id, then name, then unique id prefix, as Docker looks up; all as of {@code at}. */
    private String containerId(String ref, Instant at) {
        if (ref == null || ref.isEmpty()) {
            throw EngineException.notFound("No such container: " + ref);
        }
        if (ref.matches("[0-9a-f]{64}")) {
            return ref;
        }
        String owner = AsOf.names(timeline.of(NAMES), at).names().get(ref.startsWith("/") ? ref.substring(1) : ref);
        if (owner != null) {
            return owner;
        }
        if (ref.matches("[0-9a-f]+")) {
            List<String> matches = new ArrayList<>();
            for (String pid : timeline.idsStartingWith("container|" + ref)) {
                if (exists(AsOf.container(timeline.of(pid), at))) {
                    matches.add(pid.substring("container|".length()));
                }
            }
            if (matches.size() == 1) {
                return matches.get(0);
            }
            if (matches.size() > 1) {
                throw EngineException.invalid("multiple IDs found with provided prefix: " + ref);
            }
        }
        throw EngineException.notFound("No such container: " + ref + " at " + at);
    }

    /**
     * The health of the run under way at {@code at}: the last journaled {@code health_status} since its
     * start, starting if none yet. Probe outputs are not journaled: the log is empty.
     */
    private static ContainerHealth health(ContainerState s, List<Timeline.Entry> entries, Instant at) {
        if (!(s instanceof ContainerState.Running) || s.info().config().healthcheck() == null) {
            return null;
        }
        ContainerHealth health = ContainerHealth.starting();
        for (Timeline.Entry e : entries) {
            if (e.at() != null && e.at().isAfter(at)) {
                break;
            }
            if (e.event() instanceof ContainerEvent.Started) {
                health = ContainerHealth.starting();
            } else if (e.event() instanceof ContainerEvent.HealthChanged h) {
                health = new ContainerHealth(h.status(), h.failingStreak(), List.of());
            }
        }
        return health;
    }

    /** The networks a container asked for, as they were at {@code at} (for its endpoints in inspect). */
    NetworkView networksOf(ContainerState s, Instant at) {
        NetworkView view = new NetworkView();
        for (NetworkRequest r : s.info().networks()) {
            view.update(r.networkId(), AsOf.network(timeline.of("network|" + r.networkId()), at));
        }
        return view;
    }

    /** A volume's config at {@code at}, if it existed then (for a container's mounts in inspect). */
    Optional<VolumeConfig> volumeConfig(String name, Instant at) {
        return AsOf.volume(timeline.of("volume|" + name), at) instanceof VolumeState.Active a
                ? Optional.of(a.config()) : Optional.empty();
    }

    /** A network as it was at {@code at}, by id, name or unique id prefix then. */
    NetworkState.Active network(String ref, Instant at) {
        check(at);
        NetworkView view = new NetworkView();
        for (String pid : timeline.idsStartingWith("network|")) {
            view.update(pid.substring("network|".length()), AsOf.network(timeline.of(pid), at));
        }
        try {
            return view.resolve(ref);
        } catch (EngineException e) {
            throw e.kind() == dev.berth.spi.ErrorKind.NOT_FOUND
                    ? EngineException.notFound("network " + ref + " not found at " + at) : e;
        }
    }

    /** A volume as it was at {@code at}, by name (a name used again later finds the volume of then). */
    VolumeState.Active volume(String name, Instant at) {
        check(at);
        if (name != null && !name.isEmpty()
                && AsOf.volume(timeline.of("volume|" + name), at) instanceof VolumeState.Active a) {
            return a;
        }
        throw EngineException.notFound("get " + name + ": no such volume at " + at);
    }

    /** An image as it was at {@code at}, and the references naming it then. */
    Image image(String ref, Instant at) {
        check(at);
        ImageView view = new ImageView();
        for (String pid : timeline.idsStartingWith("image|")) {
            view.image(pid.substring("image|".length()), AsOf.image(timeline.of(pid), at));
        }
        view.tags(AsOf.tags(timeline.of(TAGS), at));
        String id = ImageService.find(view, ref)
                .orElseThrow(() -> EngineException.notFound("No such image: " + ref + " at " + at));
        return new Image(view.get(id).orElseThrow(), view.referencesOf(id), view.lastTagged(id));
    }

    /** A stored image, its references (canonical) and when it was last tagged (or null), at one instant. */
    record Image(ImageEvent.Stored stored, List<String> references, Instant lastTagged) {}
}
