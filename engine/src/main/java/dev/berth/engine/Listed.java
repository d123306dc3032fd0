package dev.berth.engine;

import dev.berth.api.model.MountPoint;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.network.NetworkState;
import java.util.List;

/**
 * Everything a container's line in {@code GET /containers/json} shows, taken once
 * ({@link ContainerDtos#listed}), and so the version of that line: the container's state and the
 * states of the networks it asked for by identity (immutable records replaced on every change, as in
 * {@link Shown}), its mount points and its status text ({@code Up 5 seconds (healthy)}, which moves
 * with the clock and the health) by value; the renderer by identity. Equal ⇒ the same JSON.
 */
record Listed(ContainerDtos by, ContainerState state, NetworkState.Active[] networks, List<MountPoint> mounts,
              String status) {

    @Override
    public boolean equals(Object o) {
        return o instanceof Listed x && by == x.by && state == x.state && Shown.sameNetworks(networks, x.networks)
                && status.equals(x.status) && mounts.equals(x.mounts);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(state);
    }

    @Override
    public String toString() {
        return "Listed[" + state.info().id() + ", " + status + "]";
    }
}
