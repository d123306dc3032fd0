package dev.berth.actors.network;

import dev.berth.persistence.network.NetworkState;
import dev.berth.spi.EngineException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The read model behind {@code network ls/inspect} and lookups: every active network's state. */
public final class NetworkView {
    private final ConcurrentHashMap<String, NetworkState.Active> byId = new ConcurrentHashMap<>();

    public void update(String id, NetworkState state) {
        if (state instanceof NetworkState.Active a) {
            byId.put(id, a);
        } else {
            byId.remove(id);
        }
    }

    public Collection<NetworkState.Active> all() {
        return List.copyOf(byId.values());
    }

    public Optional<NetworkState.Active> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Optional<NetworkState.Active> byName(String name) {
        return byId.values().stream().filter(n -> n.config().name().equals(name)).findFirst();
    }

    /** By full id, exact name, or unique id prefix, as Docker looks networks up. */
    public NetworkState.Active resolve(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw EngineException.notFound("network " + ref + " not found");
        }
        var exact = byId.get(ref);
        if (exact != null) {
            return exact;
        }
        var named = byName(ref);
        if (named.isPresent()) {
            return named.get();
        }
        var prefixed = byId.entrySet().stream().filter(e -> e.getKey().startsWith(ref)).toList();
        if (prefixed.size() == 1) {
            return prefixed.get(0).getValue();
        }
        if (prefixed.size() > 1) {
            throw EngineException.invalid("network " + ref + " is ambiguous (" + prefixed.size() + " matches found based on ID prefix)");
        }
        throw EngineException.notFound("network " + ref + " not found");
    }
}
