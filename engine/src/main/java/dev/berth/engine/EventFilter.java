package dev.berth.engine;

import dev.berth.api.backend.Filters;
import dev.berth.persistence.events.DockerEvent;
import dev.berth.spi.EngineException;
import java.util.Set;
import java.util.function.Predicate;

/** Docker's {@code events} filters: type, event, container, image, label. */
final class EventFilter implements Predicate<DockerEvent> {
    private static final Set<String> KEYS = Set.of("type", "event", "container", "image", "label", "scope");
    private final Filters f;

    private EventFilter(Filters f) {
        this.f = f;
    }

    static EventFilter of(Filters f) {
        for (String k : f.keys()) {
            if (!KEYS.contains(k)) {
                throw EngineException.invalid("invalid filter '" + k + "'");
            }
        }
        return new EventFilter(f);
    }

    @Override
    public boolean test(DockerEvent e) {
        if (f.has("type") && !f.get("type").contains(e.type())) {
            return false;
        }
        if (f.has("event") && f.get("event").stream().noneMatch(a -> e.action().equals(a) || e.action().startsWith(a + ":"))) {
            return false;
        }
        if (f.has("scope") && !f.get("scope").contains("local")) {
            return false;
        }
        if (f.has("container")) {
            if (!e.type().equals(DockerEvent.CONTAINER)) {
                return false;
            }
            String name = e.attributes().getOrDefault("name", "");
            if (f.get("container").stream().noneMatch(c -> e.actorId().startsWith(c) || name.equals(c))) {
                return false;
            }
        }
        if (f.has("image")) {
            String image = e.type().equals(DockerEvent.IMAGE) ? e.actorId() : e.attributes().getOrDefault("image", "");
            String name = e.attributes().getOrDefault("name", "");
            if (f.get("image").stream().noneMatch(i -> image.equals(i) || image.startsWith(i) || name.equals(i)
                    || stripTag(image).equals(i) || stripTag(name).equals(i))) {
                return false;
            }
        }
        return !f.has("label") || f.get("label").stream().allMatch(l -> ContainerFilter.hasLabel(e.attributes(), l));
    }

    private static String stripTag(String ref) {
        int colon = ref.lastIndexOf(':');
        return colon > ref.lastIndexOf('/') && colon > 0 ? ref.substring(0, colon) : ref;
    }
}
