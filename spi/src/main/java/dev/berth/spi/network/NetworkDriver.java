package dev.berth.spi.network;

import java.util.List;

/**
 * Wires networks on the host. The engine owns every decision (ids, subnets, gateways, each
 * endpoint's address and MAC, host ports, DNS names) and journals it before calling the driver; the
 * driver only makes the host match, so a crash can never leak or double-assign an address.
 *
 * <p>One instance per daemon. Every method may block (it runs commands) and is called from a
 * blocking dispatcher, never an actor thread. All methods are thread-safe.
 *
 * <p>Ids: networks by {@link NetworkSpec#id()}, endpoints by (network id, container id). A container
 * has at most one endpoint per network.
 *
 * <p>Lifecycle, worked through:
 * <pre>
 *   daemon start    restore(all networks in the journal, endpoints of containers still running)
 *   network create  createNetwork(spec)            bridge, gateway address, rules, DNS
 *   container start sandboxes.create(cid)          an empty, persistent netns file
 *                   join(endpoint) per network     veth into the netns, address, routes, ports, names
 *                   runtime start with NetworkMode.NAMESPACE at that path
 *   rename          updateNames(networkId, cid, names)
 *   container stop  leave(endpoint) per network    ports, names and veth gone
 *                   sandboxes.delete(cid)
 *   network rm      deleteNetwork(id)              nothing of it left on the host
 * </pre>
 * After a daemon restart (even after kill -9) nothing is assumed: {@link #restore} is called once,
 * before any other method, with what the journal says should exist.
 */
public interface NetworkDriver extends AutoCloseable {

    /** The provider name, e.g. {@code bridge}. */
    String name();

    /**
     * Creates the network's host state: bridge, gateway address, forwarding/NAT/isolation rules and,
     * for user networks, the embedded DNS on the gateway address. Idempotent: calling it for a network
     * that exists (also one made by an earlier daemon process) repairs what is missing.
     *
     * @throws dev.berth.spi.EngineException CONFLICT when the bridge name is taken by an interface
     *     this daemon does not own
     */
    void createNetwork(NetworkSpec spec);

    /**
     * Removes everything the driver made for this network (and any endpoints still on it). Idempotent:
     * an unknown id is not an error.
     */
    void deleteNetwork(String networkId);

    /**
     * Wires a container into a network: a veth pair with one end inside {@link EndpointSpec#netnsPath()}
     * named {@link EndpointSpec#interfaceName()}, with the MAC and address given, loopback up, a default
     * route via {@link EndpointSpec#gateway()} (unless internal or null), the ports published and the
     * DNS names registered. Calling it again for the same endpoint with the same spec changes nothing.
     * On failure nothing of the endpoint is left behind.
     *
     * @throws dev.berth.spi.EngineException NOT_FOUND for an unknown network or a missing netns;
     *     CONFLICT ({@code Bind for 0.0.0.0:8080 failed: port is already allocated}) when a host port
     *     is published by another endpoint or held by a host process
     */
    Endpoint join(EndpointSpec spec);

    /** Undoes {@link #join}: ports, names, veth. Idempotent; works when the netns is already gone. */
    void leave(EndpointSpec spec);

    /** Replaces the DNS names one endpoint answers to (a rename, say). Unknown endpoint: ignored. */
    void updateNames(String networkId, String containerId, List<String> dnsNames);

    /**
     * Replaces the ports published through one endpoint the container has (its gateway endpoint changed when a
     * network was connected or disconnected, and the published ports follow it, as with dockerd). Unknown
     * endpoint: ignored.
     *
     * @throws dev.berth.spi.EngineException CONFLICT when a host port is published by another endpoint
     */
    default void updatePorts(String networkId, String containerId, List<PortMapping> ports) {
        throw dev.berth.spi.EngineException.unavailable("the " + name() + " network driver cannot move published ports",
                null);
    }

    /**
     * Makes the host exactly match the given state after a daemon (re)start: bridges, rules and DNS
     * for these networks are created or repaired, endpoints whose netns still exists are re-wired
     * where anything is missing, and whatever this daemon made earlier that is not in the lists
     * (bridges, veths, rules in its own chains) is removed. Never touches what other daemons made.
     *
     * @return the endpoints that could not be restored because their netns is gone (the engine treats
     *     those containers as stopped)
     */
    List<EndpointSpec> restore(List<NetworkSpec> networks, List<EndpointSpec> endpoints);

    /**
     * Checks, changing nothing, that this daemon can have the network's host device: it is absent, or
     * it is one this daemon made (for this network, or for one its journal no longer has, which
     * {@link #restore} replaces). Cheap, and may be called before {@link #restore}: a daemon whose
     * default bridge is held by another daemon refuses to start instead of serving with a network it
     * cannot wire. Drivers that own no host device per network have nothing to check.
     *
     * @throws dev.berth.spi.EngineException CONFLICT naming the device and what holds it
     */
    default void checkDeviceAvailable(NetworkSpec spec) {
    }

    /**
     * (since 1.7) Where the containers of this network ask names, written into their {@code resolv.conf}: the
     * network's gateway by default (the bridge driver's embedded DNS listens there, on the host), or an address
     * inside each container's own namespace (the macvlan driver's, {@code 127.0.0.11}), or {@code null} when the
     * driver answers no names (the container then asks the host's resolvers).
     */
    default String dnsAddress(NetworkSpec spec) {
        return spec.gateway();
    }

    /**
     * (since 1.7) Whether the driver wires IPv6 ({@link NetworkSpec#subnet6()}, {@link EndpointSpec#ipv6()}): the
     * engine refuses {@code EnableIPv6} on a network of a driver that does not, rather than hand out addresses nothing
     * puts on an interface.
     */
    default boolean supportsIpv6() {
        return false;
    }

    /** Stops the driver's own threads (DNS). Host state stays: it belongs to the journal's truth. */
    @Override
    void close();

    /**
     * What a join made, for {@code docker inspect}.
     *
     * @param hostInterface the host end of the veth pair
     * @param interfaceName the name inside the container
     * @param mac           the container end's MAC
     */
    record Endpoint(String hostInterface, String interfaceName, String mac) {
    }
}
