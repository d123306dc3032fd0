package dev.berth.persistence.volume;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.berth.persistence.BerthSerializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A volume's lifecycle: not created, active with its users and mounts, removed. Pure fold over events. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "phase")
@JsonSubTypes({
    @JsonSubTypes.Type(value = VolumeState.None.class, name = "none"),
    @JsonSubTypes.Type(value = VolumeState.Active.class, name = "active"),
    @JsonSubTypes.Type(value = VolumeState.Gone.class, name = "gone"),
})
public sealed interface VolumeState extends BerthSerializable {
    VolumeState apply(VolumeEvent event);

    static VolumeState empty() {
        return new None();
    }

    record None() implements VolumeState {
        @Override
        public VolumeState apply(VolumeEvent event) {
            return event instanceof VolumeEvent.Created c ? new Active(c.config(), c.at(), Set.of(), Map.of()) : this;
        }
    }

    /**
     * @param users  ids of the containers that refer to it (in use: cannot be removed)
     * @param mounts by container id: the running containers that have it mounted
     */
    record Active(VolumeConfig config, Instant created, Set<String> users, Map<String, VolumeMount> mounts)
            implements VolumeState {
        public Active {
            users = Set.copyOf(users);
            mounts = Map.copyOf(mounts);
        }

        /** Referred to by a container, or mounted by one. */
        public boolean inUse() {
            return !users.isEmpty() || !mounts.isEmpty();
        }

        /** Every container that refers to it or mounts it, sorted. */
        public Set<String> references() {
            Set<String> all = new TreeSet<>(users);
            all.addAll(mounts.keySet());
            return all;
        }

        @Override
        public VolumeState apply(VolumeEvent event) {
            if (event instanceof VolumeEvent.Used u) {
                Set<String> next = new TreeSet<>(users);
                next.add(u.containerId());
                return new Active(config, created, next, mounts);
            }
            if (event instanceof VolumeEvent.Released r) {
                Set<String> next = new TreeSet<>(users);
                next.remove(r.containerId());
                var nextMounts = new LinkedHashMap<>(mounts);
                nextMounts.remove(r.containerId());
                return new Active(config, created, next, nextMounts);
            }
            if (event instanceof VolumeEvent.Mounted m) {
                Set<String> next = new TreeSet<>(users);
                next.add(m.mount().containerId());
                var nextMounts = new LinkedHashMap<>(mounts);
                nextMounts.put(m.mount().containerId(), m.mount());
                return new Active(config, created, next, nextMounts);
            }
            if (event instanceof VolumeEvent.Unmounted u) {
                var nextMounts = new LinkedHashMap<>(mounts);
                nextMounts.remove(u.containerId());
                return new Active(config, created, users, nextMounts);
            }
            if (event instanceof VolumeEvent.Removed) {
                return new Gone(config);
            }
            return this;
        }
    }

    /** Removed; unlike a container id, a volume name may be created again, which starts it over. */
    record Gone(VolumeConfig config) implements VolumeState {
        @Override
        public VolumeState apply(VolumeEvent event) {
            return event instanceof VolumeEvent.Created ? new None().apply(event) : this;
        }
    }
}
