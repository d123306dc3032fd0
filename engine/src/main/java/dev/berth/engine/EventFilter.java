package dev.berth.engine;

import dev.berth.api.backend.Filters;
import dev.berth.persistence.events.DockerEvent;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Docker's {@code events} filters (the API checked the keys): type, event, scope, container, image,
 * label, and the objects Berth has few or none of (network, volume, plugin, node, service, secret,
 * config, daemon), matched as dockerd matches them: the actor's id or name starts with a value.
 */
final class EventFilter implements Predicate<DockerEvent> {
    private static final List<String> BY_ACTOR = List.of("network", "volume", "plugin", "node", "service", "secret",
            "config", "daemon");
    private final Filters f;

    private EventFilter(Filters f) {
        this.f = f;
    }

    static EventFilter of(Filters f) {
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
        for (String key : BY_ACTOR) {
            if (f.has(key) && !actorMatches(e, f.get(key))) {
                return false;
            }
        }
        return !f.has("label") || f.get("label").stream().allMatch(l -> ContainerFilter.hasLabel(e.attributes(), l));
    }

    private static boolean actorMatches(DockerEvent e, Set<String> values) {
        String name = e.attributes().getOrDefault("name", "");
        return values.stream().anyMatch(v -> e.actorId().startsWith(v) || (!name.isEmpty() && name.startsWith(v)));
    }

    private static String stripTag(String ref) {
        int colon = ref.lastIndexOf(':');
        return colon > ref.lastIndexOf('/') && colon > 0 ? ref.substring(0, colon) : ref;
    }
}
