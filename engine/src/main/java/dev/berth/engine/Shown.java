package dev.berth.engine;

import dev.berth.api.model.MountPoint;
import dev.berth.persistence.container.ContainerHealth;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.network.NetworkState;
import java.util.List;

/**
 * Everything a container's inspect shows, taken once ({@link ContainerDtos#inspection}), and so the
 * version of the answer: the container's state, its health and the states of the networks it asked
 * for (in the order of its requests, null where gone) are immutable records replaced on every change,
 * compared by identity; the log path and netns as found on disk, and the mount points, by value; the
 * renderer itself by identity (its data root, its views). Equal ⇒ the same inspect, byte for byte.
 */
record Shown(ContainerDtos by, ContainerState state, ContainerHealth health, NetworkState.Active[] networks,
             String logPath, boolean netns, List<MountPoint> mounts) {

    @Override
    public boolean equals(Object o) {
        return o instanceof Shown x && by == x.by && state == x.state && health == x.health
                && sameNetworks(networks, x.networks) && logPath.equals(x.logPath) && netns == x.netns
                && mounts.equals(x.mounts);
    }

    static boolean sameNetworks(NetworkState.Active[] a, NetworkState.Active[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int k = 0; k < a.length; k++) {
            if (a[k] != b[k]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(state);
    }

    @Override
    public String toString() {
        return "Shown[" + state.info().id() + ", " + state.status() + "]";
    }
}
