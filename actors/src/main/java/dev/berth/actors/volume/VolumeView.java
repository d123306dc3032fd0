package dev.berth.actors.volume;

import dev.berth.persistence.volume.VolumeState;
import dev.berth.spi.EngineException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The read model behind {@code volume ls/inspect}: every active volume's state, by name. */
public final class VolumeView {
    private final ConcurrentHashMap<String, VolumeState.Active> byName = new ConcurrentHashMap<>();

    public void update(String name, VolumeState state) {
        if (state instanceof VolumeState.Active a) {
            byName.put(name, a);
        } else {
            byName.remove(name);
        }
    }

    public Collection<VolumeState.Active> all() {
        return List.copyOf(byName.values());
    }

    public Optional<VolumeState.Active> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Volumes are found by exact name only, as in Docker. */
    public VolumeState.Active resolve(String name) {
        VolumeState.Active v = name == null ? null : byName.get(name);
        if (v == null) {
            throw EngineException.notFound("get " + name + ": no such volume");
        }
        return v;
    }
}
