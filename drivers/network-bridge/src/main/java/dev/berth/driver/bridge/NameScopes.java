package dev.berth.driver.bridge;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The networks of one daemon's bridge and macvlan drivers, by id, for names: a container's resolver (on a bridge
 * network's gateway, or in the container's namespace for macvlan) answers for every network the container is on,
 * whichever of the two drivers wires it, as dockerd's embedded DNS answers for all of a container's networks. Each
 * driver puts and takes out its own networks; the map is per exec root, so two daemons in one JVM (tests) never see
 * each other's.
 */
final class NameScopes {

    private static final Map<String, Map<String, NetworkState>> DAEMONS = new ConcurrentHashMap<>();

    private NameScopes() {
    }

    static Map<String, NetworkState> of(ChainNames names) {
        return DAEMONS.computeIfAbsent(names.suffix(), k -> new ConcurrentHashMap<>());
    }
}
