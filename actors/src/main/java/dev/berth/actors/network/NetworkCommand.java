package dev.berth.actors.network;

import dev.berth.actors.support.Done;
import dev.berth.actors.support.Reply;
import dev.berth.persistence.network.Endpoint;
import dev.berth.persistence.network.NetworkConfig;
import dev.berth.spi.Caller;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/** Commands of one network entity. */
public sealed interface NetworkCommand {
    /** {@code command}, asked for by {@code caller} (issue 15): the registry wraps what a request sent. */
    record Called(Caller caller, NetworkCommand command) implements NetworkCommand {}

    record Create(NetworkConfig config, ActorRef<Reply<Done>> replyTo) implements NetworkCommand {}

    /**
     * Allocates an address (the requested one, or the next free) and journals the endpoint.
     * Joining twice returns the existing endpoint.
     *
     * @param requestedIp null = any free address
     * @param ports       host ports already chosen by the caller
     */
    record Join(String containerId, String containerName, String requestedIp, List<String> aliases,
                List<Endpoint.PortBinding> ports, ActorRef<Reply<Endpoint>> replyTo, String requestedMac,
                String interfaceName, List<String> links, String requestedIp6) implements NetworkCommand {
        /** Without an IPv6 address asked for. */
        public Join(String containerId, String containerName, String requestedIp, List<String> aliases,
                    List<Endpoint.PortBinding> ports, ActorRef<Reply<Endpoint>> replyTo, String requestedMac,
                    String interfaceName, List<String> links) {
            this(containerId, containerName, requestedIp, aliases, ports, replyTo, requestedMac, interfaceName, links,
                    null);
        }

        /** Without links. */
        public Join(String containerId, String containerName, String requestedIp, List<String> aliases,
                    List<Endpoint.PortBinding> ports, ActorRef<Reply<Endpoint>> replyTo, String requestedMac,
                    String interfaceName) {
            this(containerId, containerName, requestedIp, aliases, ports, replyTo, requestedMac, interfaceName,
                    List.of());
        }

        /** With Docker's MAC for the address. */
        public Join(String containerId, String containerName, String requestedIp, List<String> aliases,
                    List<Endpoint.PortBinding> ports, ActorRef<Reply<Endpoint>> replyTo) {
            this(containerId, containerName, requestedIp, aliases, ports, replyTo, "", "");
        }
    }

    /** Releases the container's address. Leaving a network one is not on succeeds. */
    record Leave(String containerId, ActorRef<Reply<Done>> replyTo) implements NetworkCommand {}

    record Remove(ActorRef<Reply<Done>> replyTo) implements NetworkCommand {}

    /** The ports published through the container's endpoint; replies with it (null when it has none here). */
    record SetPorts(String containerId, List<Endpoint.PortBinding> ports, ActorRef<Reply<Endpoint>> replyTo)
            implements NetworkCommand {}

    /** The container's endpoint answers to {@code name} now; replies with it (null when it has none here). */
    record Rename(String containerId, String name, ActorRef<Reply<Endpoint>> replyTo) implements NetworkCommand {}

    /** Moves a network with no endpoints to another subnet and gateway (the default bridge, {@code --bip}). */
    /** The default bridge's addresses as the daemon's configuration has them now ({@code subnet6} "": no IPv6). */
    record Readdress(String subnet, String gateway, String subnet6, String gateway6, ActorRef<Reply<Done>> replyTo)
            implements NetworkCommand {}

    /**
     * Wakes the entity, whose recovered state then replaces the read model's (see
     * {@link NetworkEntity}); answered once it has. Journals nothing.
     */
    record Sync(ActorRef<Reply<Done>> replyTo) implements NetworkCommand {}
}
