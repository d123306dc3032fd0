package dev.berth.persistence.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.berth.persistence.BerthSerializable;
import dev.berth.persistence.CalledBy;
import dev.berth.spi.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything that happens to a container, in order. Persistence id {@code container|<id>}. Intent is
 * journaled before the runtime acts ({@link StartRequested}, {@link StopRequested}) and the outcome
 * after ({@link Started}, {@link StartFailed}, {@link Exited}), so recovery knows what to reconcile.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ContainerEvent.Created.class, name = "created"),
    @JsonSubTypes.Type(value = ContainerEvent.StartRequested.class, name = "start-requested"),
    @JsonSubTypes.Type(value = ContainerEvent.Started.class, name = "started"),
    @JsonSubTypes.Type(value = ContainerEvent.StartFailed.class, name = "start-failed"),
    @JsonSubTypes.Type(value = ContainerEvent.SignalSent.class, name = "signal-sent"),
    @JsonSubTypes.Type(value = ContainerEvent.StopRequested.class, name = "stop-requested"),
    @JsonSubTypes.Type(value = ContainerEvent.Exited.class, name = "exited"),
    @JsonSubTypes.Type(value = ContainerEvent.Renamed.class, name = "renamed"),
    @JsonSubTypes.Type(value = ContainerEvent.NetworkConnected.class, name = "network-connected"),
    @JsonSubTypes.Type(value = ContainerEvent.NetworkDisconnected.class, name = "network-disconnected"),
    @JsonSubTypes.Type(value = ContainerEvent.Removed.class, name = "removed"),
    @JsonSubTypes.Type(value = ContainerEvent.ExecCreated.class, name = "exec-created"),
    @JsonSubTypes.Type(value = ContainerEvent.ExecStarted.class, name = "exec-started"),
    @JsonSubTypes.Type(value = ContainerEvent.ExecDied.class, name = "exec-died"),
    @JsonSubTypes.Type(value = ContainerEvent.ArchiveRead.class, name = "archive-read"),
    @JsonSubTypes.Type(value = ContainerEvent.ArchiveExtracted.class, name = "archive-extracted"),
    @JsonSubTypes.Type(value = ContainerEvent.Paused.class, name = "paused"),
    @JsonSubTypes.Type(value = ContainerEvent.Unpaused.class, name = "unpaused"),
    @JsonSubTypes.Type(value = ContainerEvent.Updated.class, name = "updated"),
    @JsonSubTypes.Type(value = ContainerEvent.HealthChanged.class, name = "health-changed"),
    @JsonSubTypes.Type(value = ContainerEvent.RestartScheduled.class, name = "restart-scheduled"),
    @JsonSubTypes.Type(value = ContainerEvent.RestartCanceled.class, name = "restart-canceled"),
})
public sealed interface ContainerEvent extends BerthSerializable {
    /** When it happened (the journal's own timestamps are not queryable by time). */
    Instant at();

    /**
     * @param name      without the leading slash
     * @param imageId   sha256:… of the image config
     * @param layers    the image's layer chain ids, base first
     */
    /** @param networks the networks asked for, first = the primary one (HostConfig.NetworkMode) */
    record Created(Instant at, String id, String name, String imageId, List<String> layers,
                   ContainerConfig config, HostConfig hostConfig, List<NetworkRequest> networks,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        /** Without a caller: the engine acting by itself, or a row from before issue 15. */
        public Created(Instant at, String id, String name, String imageId, List<String> layers,
                   ContainerConfig config, HostConfig hostConfig, List<NetworkRequest> networks) {
            this(at, id, name, imageId, layers, config, hostConfig, networks, null);
        }

        @Override
        public Created withCaller(Caller caller) {
            return new Created(at, id, name, imageId, layers, config, hostConfig, networks, caller);
        }

        public Created {
            layers = List.copyOf(layers);
            networks = networks == null ? List.of() : List.copyOf(networks);
        }
    }

    /** {@code docker network connect}: on this network from now on (joined at once if running). */
    record NetworkConnected(Instant at, NetworkRequest network,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        /** Without a caller: a row from before issue 15 recorded it. */
        public NetworkConnected(Instant at, NetworkRequest network) {
            this(at, network, null);
        }

        @Override
        public NetworkConnected withCaller(Caller caller) {
            return new NetworkConnected(at, network, caller);
        }
    }

    /** {@code docker network disconnect}. */
    record NetworkDisconnected(Instant at, String networkId,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        /** Without a caller: a row from before issue 15 recorded it. */
        public NetworkDisconnected(Instant at, String networkId) {
            this(at, networkId, null);
        }

        @Override
        public NetworkDisconnected withCaller(Caller caller) {
            return new NetworkDisconnected(at, networkId, caller);
        }
    }

    /**
     * A start. By the user (or at daemon start) the restart count goes back to 0, as dockerd resets it;
     * the restart policy's own start, from a {@link RestartScheduled} back-off, keeps it.
     */
    record StartRequested(Instant at,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        /** Without a caller: the engine acting by itself, or a row from before issue 15. */
        public StartRequested(Instant at) {
            this(at, null);
        }

        @Override
        public StartRequested withCaller(Caller caller) {
            return new StartRequested(at, caller);
        }
    }

    record Started(Instant at, int pid,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        /** Without a caller: the engine acting by itself, or a row from before issue 15. */
        public Started(Instant at, int pid) {
            this(at, pid, null);
        }

        @Override
        public Started withCaller(Caller caller) {
            return new Started(at, pid, caller);
        }
    }

    /** The runtime refused; {@code exitCode} is what Docker reports (127 command not found, 126 not executable, 128 other). */
    record StartFailed(Instant at, String error, int exitCode) implements ContainerEvent {}

    record SignalSent(Instant at, int signal,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        /** Without a caller: the engine acting by itself, or a row from before issue 15. */
        public SignalSent(Instant at, int signal) {
            this(at, signal, null);
        }

        @Override
        public SignalSent withCaller(Caller caller) {
            return new SignalSent(at, signal, caller);
        }
    }

    /** A stop began: {@code signal} sent, KILL after {@code timeoutSeconds} (negative = wait forever). */
    record StopRequested(Instant at, int signal, int timeoutSeconds,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        /** Without a caller: the engine acting by itself, or a row from before issue 15. */
        public StopRequested(Instant at, int signal, int timeoutSeconds) {
            this(at, signal, timeoutSeconds, null);
        }

        @Override
        public StopRequested withCaller(Caller caller) {
            return new StopRequested(at, signal, timeoutSeconds, caller);
        }
    }

    record Exited(Instant at, int exitCode, boolean oomKilled,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        /** Without a caller: a row from before issue 15 recorded it. */
        public Exited(Instant at, int exitCode, boolean oomKilled) {
            this(at, exitCode, oomKilled, null);
        }

        @Override
        public Exited withCaller(Caller caller) {
            return new Exited(at, exitCode, oomKilled, caller);
        }
    }

    record Renamed(Instant at, String oldName, String newName,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        /** Without a caller: the engine acting by itself, or a row from before issue 15. */
        public Renamed(Instant at, String oldName, String newName) {
            this(at, oldName, newName, null);
        }

        @Override
        public Renamed withCaller(Caller caller) {
            return new Renamed(at, oldName, newName, caller);
        }
    }

    record Removed(Instant at,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        /** Without a caller: the engine acting by itself, or a row from before issue 15. */
        public Removed(Instant at) {
            this(at, null);
        }

        @Override
        public Removed withCaller(Caller caller) {
            return new Removed(at, caller);
        }
    }

    /**
     * {@code docker exec}: an exec instance was made for this (running) container. Exec instances
     * themselves live in memory, as in dockerd; only these facts are journaled, for {@code /events}.
     *
     * @param command the exec's command, first the program
     */
    record ExecCreated(Instant at, String execId, List<String> command,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        public ExecCreated {
            command = List.copyOf(command);
        }

        /** Without a caller: a row from before issue 15 recorded it. */
        public ExecCreated(Instant at, String execId, List<String> command) {
            this(at, execId, command, null);
        }

        @Override
        public ExecCreated withCaller(Caller caller) {
            return new ExecCreated(at, execId, command, caller);
        }
    }

    /** The exec's process runs. */
    record ExecStarted(Instant at, String execId, List<String> command,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        public ExecStarted {
            command = List.copyOf(command);
        }

        /** Without a caller: a row from before issue 15 recorded it. */
        public ExecStarted(Instant at, String execId, List<String> command) {
            this(at, execId, command, null);
        }

        @Override
        public ExecStarted withCaller(Caller caller) {
            return new ExecStarted(at, execId, command, caller);
        }
    }

    /** The exec's process ended with {@code exitCode} (126/127 when it could not be run). */
    record ExecDied(Instant at, String execId, int exitCode,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        /** Without a caller: a row from before issue 15 recorded it. */
        public ExecDied(Instant at, String execId, int exitCode) {
            this(at, execId, exitCode, null);
        }

        @Override
        public ExecDied withCaller(Caller caller) {
            return new ExecDied(at, execId, exitCode, caller);
        }
    }

    /** {@code docker cp} read a path out of the container (dockerd's {@code archive-path}); state unchanged. */
    record ArchiveRead(Instant at,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        /** Without a caller: a row from before issue 15 recorded it. */
        public ArchiveRead(Instant at) {
            this(at, null);
        }

        @Override
        public ArchiveRead withCaller(Caller caller) {
            return new ArchiveRead(at, caller);
        }
    }

    /** {@code docker cp} extracted an archive into the container (dockerd's {@code extract-to-dir}); state unchanged. */
    record ArchiveExtracted(Instant at,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        /** Without a caller: a row from before issue 15 recorded it. */
        public ArchiveExtracted(Instant at) {
            this(at, null);
        }

        @Override
        public ArchiveExtracted withCaller(Caller caller) {
            return new ArchiveExtracted(at, caller);
        }
    }

    /** {@code docker pause}: the runtime froze the container's processes (journaled after it did). */
    record Paused(Instant at,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        /** Without a caller: a row from before issue 15 recorded it. */
        public Paused(Instant at) {
            this(at, null);
        }

        @Override
        public Paused withCaller(Caller caller) {
            return new Paused(at, caller);
        }
    }

    /** {@code docker unpause}, or a kill/stop that thawed a frozen container to deliver its signal. */
    record Unpaused(Instant at,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        /** Without a caller: a row from before issue 15 recorded it. */
        public Unpaused(Instant at) {
            this(at, null);
        }

        @Override
        public Unpaused withCaller(Caller caller) {
            return new Unpaused(at, caller);
        }
    }

    /** {@code docker update}: these host settings changed (applied to a running container first). */
    record Updated(Instant at, HostConfigUpdate update,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        public Updated {
            Objects.requireNonNull(update, "update");
        }

        /** Without a caller: a row from before issue 15 recorded it. */
        public Updated(Instant at, HostConfigUpdate update) {
            this(at, update, null);
        }

        @Override
        public Updated withCaller(Caller caller) {
            return new Updated(at, update, caller);
        }
    }

    /**
     * A probe's result changed the container's health status (dockerd's {@code health_status: …} event);
     * only transitions are journaled, each probe's result and the last five are kept beside the container.
     *
     * @param failingStreak consecutive failed probes when it changed (0 when healthy)
     */
    record HealthChanged(Instant at, HealthStatus status, int failingStreak,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        public HealthChanged {
            Objects.requireNonNull(status, "status");
        }

        /** Without a caller: a row from before issue 15 recorded it. */
        public HealthChanged(Instant at, HealthStatus status, int failingStreak) {
            this(at, status, failingStreak, null);
        }

        @Override
        public HealthChanged withCaller(Caller caller) {
            return new HealthChanged(at, status, failingStreak, caller);
        }
    }

    /**
     * The restart policy will start the container again after {@code delayMillis} (dockerd's back-off):
     * the restart count goes up now and the container is {@code restarting} until then, as in dockerd.
     */
    record RestartScheduled(Instant at, long delayMillis,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        /** Without a caller: a row from before issue 15 recorded it. */
        public RestartScheduled(Instant at, long delayMillis) {
            this(at, delayMillis, null);
        }

        @Override
        public RestartScheduled withCaller(Caller caller) {
            return new RestartScheduled(at, delayMillis, caller);
        }
    }

    /** A stop or kill during the back-off: the scheduled restart will not happen (the user stopped it). */
    record RestartCanceled(Instant at,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ContainerEvent, CalledBy<ContainerEvent> {
        /** Without a caller: a row from before issue 15 recorded it. */
        public RestartCanceled(Instant at) {
            this(at, null);
        }

        @Override
        public RestartCanceled withCaller(Caller caller) {
            return new RestartCanceled(at, caller);
        }
    }
}
