package dev.berth.persistence.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.berth.persistence.BerthSerializable;
import dev.berth.persistence.CalledBy;
import dev.berth.spi.Caller;
import java.time.Instant;

/**
 * Events of one volume, persistence id {@code volume|<name>}. A container's use is journaled apart
 * from its mounts, as Docker keeps them: a container uses the volume from its creation to its
 * removal (the volume is "in use", even while the container is stopped) and mounts it while it runs.
 * Both are journaled before the driver is asked, so "in use" and "mounted by" survive a kill -9.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = VolumeEvent.Created.class, name = "created"),
    @JsonSubTypes.Type(value = VolumeEvent.Used.class, name = "used"),
    @JsonSubTypes.Type(value = VolumeEvent.Released.class, name = "released"),
    @JsonSubTypes.Type(value = VolumeEvent.Mounted.class, name = "mounted"),
    @JsonSubTypes.Type(value = VolumeEvent.Unmounted.class, name = "unmounted"),
    @JsonSubTypes.Type(value = VolumeEvent.Removed.class, name = "removed"),
})
public sealed interface VolumeEvent extends BerthSerializable {
    Instant at();

    record Created(Instant at, VolumeConfig config,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements VolumeEvent, CalledBy<VolumeEvent> {
        /** Without a caller: the engine acting by itself, or a row from before issue 15. */
        public Created(Instant at, VolumeConfig config) {
            this(at, config, null);
        }

        @Override
        public Created withCaller(Caller caller) {
            return new Created(at, config, caller);
        }
    }

    /** A container refers to the volume (from its creation). */
    record Used(Instant at, String containerId,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements VolumeEvent, CalledBy<VolumeEvent> {
        /** Without a caller: a row from before issue 15 recorded it. */
        public Used(Instant at, String containerId) {
            this(at, containerId, null);
        }

        @Override
        public Used withCaller(Caller caller) {
            return new Used(at, containerId, caller);
        }
    }

    /** The container no longer refers to it (removed). */
    record Released(Instant at, String containerId,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements VolumeEvent, CalledBy<VolumeEvent> {
        /** Without a caller: a row from before issue 15 recorded it. */
        public Released(Instant at, String containerId) {
            this(at, containerId, null);
        }

        @Override
        public Released withCaller(Caller caller) {
            return new Released(at, containerId, caller);
        }
    }

    /** A container starting with the volume; implies {@link Used}. */
    record Mounted(Instant at, VolumeMount mount,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements VolumeEvent, CalledBy<VolumeEvent> {
        /** Without a caller: a row from before issue 15 recorded it. */
        public Mounted(Instant at, VolumeMount mount) {
            this(at, mount, null);
        }

        @Override
        public Mounted withCaller(Caller caller) {
            return new Mounted(at, mount, caller);
        }
    }

    record Unmounted(Instant at, String containerId,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements VolumeEvent, CalledBy<VolumeEvent> {
        /** Without a caller: a row from before issue 15 recorded it. */
        public Unmounted(Instant at, String containerId) {
            this(at, containerId, null);
        }

        @Override
        public Unmounted withCaller(Caller caller) {
            return new Unmounted(at, containerId, caller);
        }
    }

    record Removed(Instant at,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements VolumeEvent, CalledBy<VolumeEvent> {
        /** Without a caller: the engine acting by itself, or a row from before issue 15. */
        public Removed(Instant at) {
            this(at, null);
        }

        @Override
        public Removed withCaller(Caller caller) {
            return new Removed(at, caller);
        }
    }
}
