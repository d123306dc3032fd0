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
 *   Stopped ─RestartScheduled→ Stopped(restarting) ─StartRequested→ Starting (count kept)
 *                                                 └─RestartCanceled→ Stopped
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

    /**
     * @param restarting the restart policy's own start, after its back-off: Docker still reports it
     *                   restarting until it runs. Absent in older snapshots, and so false
     */
    record Starting(ContainerInfo info, boolean restarting) implements ContainerState {
        public Starting(ContainerInfo info) {
            this(info, false);
        }

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
            return restarting ? "restarting" : "created";
        }
    }

    /**
     * @param stopping  a stop was requested during this run (Docker then reports a {@code stop} event at exit)
     * @param paused    frozen by {@code docker pause}: still running (Docker reports Running and Paused
     *                  both true); absent in snapshots written before pause existed, and so false
     * @param signalled a stop or a kill (any signal) was sent during this run: dockerd's
     *                  {@code HasBeenManuallyStopped}, which {@code unless-stopped} reads; absent in older
     *                  snapshots, and so false
     */
    record Running(ContainerInfo info, int pid, boolean stopping, boolean paused, boolean signalled)
            implements ContainerState {
        public Running(ContainerInfo info, int pid, boolean stopping) {
            this(info, pid, stopping, false, false);
        }

        public Running(ContainerInfo info, int pid, boolean stopping, boolean paused) {
            this(info, pid, stopping, paused, false);
        }

        @Override
        public ContainerState apply(ContainerEvent event) {
            if (event instanceof ContainerEvent.Exited x) {
                return new Stopped(info.ended(x.at(), x.exitCode(), x.oomKilled(), ""), stopping || signalled);
            }
            if (event instanceof ContainerEvent.StopRequested) {
                return new Running(info, pid, true, paused, true);
            }
            if (event instanceof ContainerEvent.SignalSent) {
                return new Running(info, pid, stopping, paused, true);
            }
            if (event instanceof ContainerEvent.Paused) {
                return new Running(info, pid, stopping, true, signalled);
            }
            if (event instanceof ContainerEvent.Unpaused) {
                return new Running(info, pid, stopping, false, signalled);
            }
            return common(info, this, event);
        }

        @Override
        public String status() {
            return paused ? "paused" : "running";
        }
    }

    /**
     * @param stoppedByUser the run ended after a stop or kill by the user (dockerd's {@code HasBeenManuallyStopped})
     * @param restarting    the restart policy will start it again after its back-off ({@link
     *                      ContainerEvent.RestartScheduled}); Docker reports it running and restarting meanwhile.
     *                      Absent in older snapshots, and so false
     */
    record Stopped(ContainerInfo info, boolean stoppedByUser, boolean restarting) implements ContainerState {
        public Stopped(ContainerInfo info, boolean stoppedByUser) {
            this(info, stoppedByUser, false);
        }

        @Override
        public ContainerState apply(ContainerEvent event) {
            if (event instanceof ContainerEvent.RestartScheduled) {
                return new Stopped(info.withRestartCount(info.restartCount() + 1), stoppedByUser, true);
            }
            if (event instanceof ContainerEvent.RestartCanceled) {
                return new Stopped(info, true, false);
            }
            if (event instanceof ContainerEvent.StartRequested && restarting) {
                return new Starting(info, true); // the policy's own start keeps the count
            }
            return common(info, this, event);
        }

        @Override
        public String status() {
            return restarting ? "restarting" : "exited";
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
            return new Running(info, run.pid(), run.stopping(), run.paused(), run.signalled());
        }
        if (current instanceof Stopped s) {
            return new Stopped(info, s.stoppedByUser(), s.restarting());
        }
        if (current instanceof Starting s) {
            return new Starting(info, s.restarting());
        }
        return new Created(info);
    }

    private static ContainerState common(ContainerInfo info, ContainerState current, ContainerEvent event) {
        if (event instanceof ContainerEvent.StartRequested) {
            return new Starting(info.withRestartCount(0)); // a start by the user, as dockerd's resets the count
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
