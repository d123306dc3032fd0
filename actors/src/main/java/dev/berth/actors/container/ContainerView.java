package dev.berth.actors.container;

import dev.berth.persistence.container.ContainerState;
import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read model behind {@code ps}, {@code inspect} and name lookups: every live container's latest
 * state, updated by the entities right after each persist and rebuilt from the journal at start-up.
 */
public final class ContainerView {
    private final ConcurrentHashMap<String, ContainerState> byId = new ConcurrentHashMap<>();
    /** Name → id, kept with {@link #byId} so that a lookup by name is not a walk over every container. */
    private final ConcurrentHashMap<String, String> idByName = new ConcurrentHashMap<>();

    public void update(String id, ContainerState state) {
        boolean gone = state instanceof ContainerState.Removed || state instanceof ContainerState.None;
        // per id under the map's lock: the name index moves with the state it was taken from
        byId.compute(id, (k, before) -> {
            String was = before == null ? null : before.info().name();
            String now = gone ? null : state.info().name();
            if (was != null && !was.equals(now)) {
                idByName.remove(was, id);
            }
            if (now != null) {
                idByName.put(now, id);
            }
            return gone ? null : state;
        });
    }

    public Optional<ContainerState> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<ContainerState> all() {
        return java.util.Collections.unmodifiableCollection(byId.values()); // weakly consistent, no copy
    }

    public int size() {
        return byId.size();
    }

    /**
     * Finds a container by full id, name (with or without the leading slash) or unique id prefix,
     * in that order, as Docker does.
     *
     * @throws EngineException NOT_FOUND ("No such container: ref"), INVALID_ARGUMENT for an
     *                         ambiguous prefix
     */
    public ContainerState resolve(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw EngineException.notFound("No such container: " + ref);
        }
        ContainerState exact = byId.get(ref);
        if (exact != null) {
            return exact;
        }
        String name = ref.startsWith("/") ? ref.substring(1) : ref;
        String named = idByName.get(name);
        ContainerState byName = named == null ? null : byId.get(named);
        if (byName != null && byName.info().name().equals(name)) {
            return byName;
        }
        for (ContainerState s : byId.values()) {
            if (s.info().name().equals(name)) {
                return s;
            }
        }
        List<ContainerState> matches = new ArrayList<>();
        if (ref.matches("[0-9a-f]+")) {
            for (var e : byId.entrySet()) {
                if (e.getKey().startsWith(ref)) {
                    matches.add(e.getValue());
                }
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            throw EngineException.invalid("multiple IDs found with provided prefix: " + ref);
        }
        throw EngineException.notFound("No such container: " + ref);
    }
}
