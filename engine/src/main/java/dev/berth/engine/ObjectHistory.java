package dev.berth.engine;

import dev.berth.actors.image.ImageService;
import dev.berth.actors.image.ImageView;
import dev.berth.persistence.events.AsOf;
import dev.berth.persistence.events.DockerEvent;
import dev.berth.persistence.events.Timeline;
import dev.berth.persistence.image.ImageState;
import dev.berth.persistence.image.TagEvent;
import dev.berth.persistence.network.NetworkState;
import dev.berth.spi.EngineException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One object's journaled events ({@code berth history --events}, {@code GET /berth/history/{type}/{ref}}):
 * its own rows read by key, mapped as {@code /events} maps them. Found by id (also a removed object's),
 * id prefix, or the name it has or last had.
 */
public final class ObjectHistory {
    private final Timeline timeline;
    private final Supplier<Instant> now;

    public ObjectHistory(Timeline timeline) {
        this(timeline, Instant::now);
    }

    ObjectHistory(Timeline timeline, Supplier<Instant> now) {
        this.timeline = timeline;
        this.now = now;
    }

    /**
     * The events of one object, by id (also of a removed one) or by the name it has or last had:
     * {@code type} is container, image, network or volume.
     */
    public List<DockerEvent> of(String type, String ref) {
        if (ref == null || ref.isEmpty()) {
            throw EngineException.invalid("an object name or id is required");
        }
        return switch (type) {
            case "container" -> AsOf.messages(timeline.of("container|" + anyContainerId(ref)), id -> Map.of());
            case "image" -> imageHistory(ref);
            case "network" -> AsOf.messages(timeline.of(anyNetwork(ref)), id -> Map.of());
            case "volume" -> {
                List<Timeline.Entry> entries = timeline.of("volume|" + ref);
                if (entries.isEmpty()) {
                    throw EngineException.notFound("get " + ref + ": no such volume");
                }
                yield AsOf.messages(entries, id -> Map.of());
            }
            default -> throw EngineException.invalid("\"" + type + "\" is not a valid object type: "
                    + "container, image, network or volume");
        };
    }

    private String anyContainerId(String ref) {
        if (ref.matches("[0-9a-f]{64}") && !timeline.of("container|" + ref).isEmpty()) {
            return ref;
        }
        List<Timeline.Entry> names = timeline.of(AsOfReads.NAMES);
        String name = ref.startsWith("/") ? ref.substring(1) : ref;
        String owner = AsOf.names(names, now.get()).names().get(name);
        if (owner == null) {
            owner = AsOf.lastOwner(names, name);
        }
        if (owner != null) {
            return owner;
        }
        return unique(ref, "container|", "No such container: " + ref, "multiple IDs found with provided prefix: " + ref);
    }

    private String anyNetwork(String ref) {
        List<String> pids = timeline.idsStartingWith("network|");
        if (pids.contains("network|" + ref)) {
            return "network|" + ref;
        }
        // by name: the network that has it now, else the last one created with it
        String named = null;
        for (String pid : pids) {
            NetworkState s = AsOf.network(timeline.of(pid), now.get());
            String name = s instanceof NetworkState.Active a ? a.config().name()
                    : s instanceof NetworkState.Gone g ? g.config().name() : null;
            if (ref.equals(name) && (named == null || s instanceof NetworkState.Active)) {
                named = pid;
            }
        }
        if (named != null) {
            return named;
        }
        return "network|" + unique(ref, "network|", "network " + ref + " not found",
                "network " + ref + " is ambiguous");
    }

    private List<DockerEvent> imageHistory(String ref) {
        String hex = ref.startsWith("sha256:") ? ref.substring(7) : ref;
        String id = null;
        if (hex.matches("[0-9a-f]{1,64}")) {
            List<String> pids = timeline.idsStartingWith("image|sha256:" + hex);
            if (pids.size() > 1) {
                throw EngineException.invalid("multiple IDs found with provided prefix: " + ref);
            }
            id = pids.isEmpty() ? null : pids.get(0).substring("image|".length());
        }
        List<Timeline.Entry> tags = timeline.of(AsOfReads.TAGS);
        if (id == null) {
            ImageView view = new ImageView();
            view.tags(AsOf.tags(tags, now.get()));
            id = ImageService.find(view, ref).orElse(null);
        }
        if (id == null) {
            throw EngineException.notFound("No such image: " + ref);
        }
        String imageId = id;
        List<Timeline.Entry> mine = new ArrayList<>(timeline.of("image|" + imageId));
        for (Timeline.Entry e : tags) {
            if (e.event() instanceof TagEvent t && (t.imageId().equals(imageId)
                    || t instanceof TagEvent.Tagged tagged && imageId.equals(tagged.previousImageId()))) {
                mine.add(e);
            }
        }
        mine.sort(Comparator.comparingLong(Timeline.Entry::offset));
        Map<String, String> labels = AsOf.image(timeline.of("image|" + imageId), now.get()) instanceof ImageState.Present p
                ? p.image().labels() : Map.of();
        return AsOf.messages(mine, x -> labels).stream().filter(e -> e.actorId().equals(imageId)
                || e.type().equals(DockerEvent.IMAGE) && e.persistenceId().equals("image|" + imageId)).toList();
    }

    private String unique(String ref, String prefix, String notFound, String ambiguous) {
        if (ref.matches("[0-9a-f]+")) {
            List<String> pids = timeline.idsStartingWith(prefix + ref);
            if (pids.size() == 1) {
                return pids.get(0).substring(prefix.length());
            }
            if (pids.size() > 1) {
                throw EngineException.invalid(ambiguous);
            }
        }
        throw EngineException.notFound(notFound);
    }
}
