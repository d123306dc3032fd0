package dev.berth.persistence.container;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.berth.persistence.BerthSerializable;

/**
 * A container's state, one record per lifecycle phase. {@link #apply} is the only way a state
 * changes and is pure: the entity, the read models and the event log all fold events through it.
 *
 * <pre>
 *   None ─Created→ Created ─StartRequested→ Starting ─Started→ Running ─Exited→ Stopped
 *                                      Running ─Paused→ Running(paused) ─Unpaused→ Running
 *                     ↑                         └─StartFailed→ Stopped ─StartRequested→ Starting
 *   any but None ─Removed→ Removed
 * </pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "phase")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ContainerState.None.class, name = "none"),
    @JsonSubTypes.Type(value = ContainerState.Created.class, name = "created"),
    @JsonSubTypes.Type(value = ContainerState.Starting.class, name = "starting"),
    @JsonSubTypes.Type(value = ContainerState.Running.class, name = "running"),
    @JsonSubTypes.Type(value = ContainerState.Stopped.class, name = "stopped"),
    @JsonSubTypes.Type(value = ContainerState.Removed.class, name = "removed"),
})
public sealed interface ContainerState extends BerthSerializable {

    ContainerState apply(ContainerEvent event);

    /** Docker's State.Status word. */
    String status();

    /** Null only for {@link None}. */
    ContainerInfo info();

    static ContainerState empty() {
        return new None();
    }

    record None() implements ContainerState {
        @Override
        public ContainerState apply(ContainerEvent event) {
            if (event instanceof ContainerEvent.Created c) {
                return new Created(ContainerInfo.of(c));
            }
            return this;
        }

        @Override
        public String status() {
            return "";
        }

        @Override
        public ContainerInfo info() {
            return null;
        }
    }

    record Created(ContainerInfo info) implements ContainerState {
        @Override
        public ContainerState apply(ContainerEvent event) {
            return common(info, this, event);
        }

        @Override
        public String status() {
            return "created";
        }
    }

    record Starting(ContainerInfo info) implements ContainerState {
        @Override
        public ContainerState apply(ContainerEvent event) {
            if (event instanceof ContainerEvent.Started s) {
                return new Running(info.started(s.at()), s.pid(), false);
            }
            if (event instanceof ContainerEvent.StartFailed f) {
                return new Stopped(info.ended(f.at(), f.exitCode(), false, f.error()), false);
            }
            if (event instanceof ContainerEvent.Exited x) {
                return new Stopped(info.ended(x.at(), x.exitCode(), x.oomKilled(), ""), false);
            }
            return common(info, this, event);
        }

        @Override
        public String status() {
            return "created";
        }
    }

    /**
     * @param stopping a stop was requested during this run (Docker then reports a {@code stop} event at exit)
     * @param paused   frozen by {@code docker pause}: still running (Docker reports Running and Paused
     *                 both true); absent in snapshots written before pause existed, and so false
     */
    record Running(ContainerInfo info, int pid, boolean stopping, boolean paused) implements ContainerState {
        public Running(ContainerInfo info, int pid, boolean stopping) {
            this(info, pid, stopping, false);
        }

        @Override
        public ContainerState apply(ContainerEvent event) {
            if (event instanceof ContainerEvent.Exited x) {
                return new Stopped(info.ended(x.at(), x.exitCode(), x.oomKilled(), ""), stopping);
            }
            if (event instanceof ContainerEvent.StopRequested) {
                return new Running(info, pid, true, paused);
            }
            if (event instanceof ContainerEvent.Paused) {
                return new Running(info, pid, stopping, true);
            }
            if (event instanceof ContainerEvent.Unpaused) {
                return new Running(info, pid, stopping, false);
            }
            return common(info, this, event);
        }

        @Override
        public String status() {
            return paused ? "paused" : "running";
        }
    }

    /** @param stoppedByUser the run ended after a stop request */
    record Stopped(ContainerInfo info, boolean stoppedByUser) implements ContainerState {
        @Override
        public ContainerState apply(ContainerEvent event) {
            return common(info, this, event);
        }

        @Override
        public String status() {
            return "exited";
        }
    }

    record Removed(ContainerInfo info) implements ContainerState {
        @Override
        public ContainerState apply(ContainerEvent event) {
            return this;
        }

        @Override
        public String status() {
            return "removed";
        }
    }

    /** The same phase with other info. */
    private static ContainerState with(ContainerState current, ContainerInfo info) {
        if (current instanceof Running run) {
            return new Running(info, run.pid(), run.stopping(), run.paused());
        }
        if (current instanceof Stopped s) {
            return new Stopped(info, s.stoppedByUser());
        }
        if (current instanceof Starting) {
            return new Starting(info);
        }
        return new Created(info);
    }

    private static ContainerState common(ContainerInfo info, ContainerState current, ContainerEvent event) {
        if (event instanceof ContainerEvent.StartRequested) {
            return new Starting(info);
        }
        if (event instanceof ContainerEvent.Renamed r) {
            return with(current, info.withName(r.newName()));
        }
        if (event instanceof ContainerEvent.Removed) {
            return new Removed(info);
        }
        if (event instanceof ContainerEvent.Updated u) {
            return with(current, info.withHostConfig(u.update().applyTo(info.hostConfig())));
        }
        if (event instanceof ContainerEvent.NetworkConnected c) {
            var next = new java.util.ArrayList<>(info.networks());
            next.removeIf(n -> n.networkId().equals(c.network().networkId()));
            next.add(c.network());
            return with(current, info.withNetworks(next));
        }
        if (event instanceof ContainerEvent.NetworkDisconnected d) {
            var next = new java.util.ArrayList<>(info.networks());
            next.removeIf(n -> n.networkId().equals(d.networkId()));
            return with(current, info.withNetworks(next));
        }
        return current;
    }
}
