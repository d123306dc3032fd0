package dev.berth.persistence.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.berth.persistence.BerthSerializable;
import dev.berth.persistence.CalledBy;
import dev.berth.spi.Caller;
import java.time.Instant;
import java.util.List;

/**
 * Events of one network, persistence id {@code network|<id>}. Addresses are allocated by the entity
 * and journaled in {@link EndpointJoined} before the driver wires anything, so a crash can neither
 * leak nor double-assign an address.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = NetworkEvent.Created.class, name = "created"),
    @JsonSubTypes.Type(value = NetworkEvent.EndpointJoined.class, name = "endpoint-joined"),
    @JsonSubTypes.Type(value = NetworkEvent.EndpointLeft.class, name = "endpoint-left"),
    @JsonSubTypes.Type(value = NetworkEvent.Removed.class, name = "removed"),
    @JsonSubTypes.Type(value = NetworkEvent.Readdressed.class, name = "readdressed"),
})
public sealed interface NetworkEvent extends BerthSerializable {
    Instant at();

    record Created(Instant at, NetworkConfig config,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements NetworkEvent, CalledBy<NetworkEvent> {
        /** Without a caller: the engine acting by itself, or a row from before issue 15. */
        public Created(Instant at, NetworkConfig config) {
            this(at, config, null);
        }

        @Override
        public Created withCaller(Caller caller) {
            return new Created(at, config, caller);
        }
    }

    record EndpointJoined(Instant at, Endpoint endpoint,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements NetworkEvent, CalledBy<NetworkEvent> {
        /** Without a caller: the engine acting by itself, or a row from before issue 15. */
        public EndpointJoined(Instant at, Endpoint endpoint) {
            this(at, endpoint, null);
        }

        @Override
        public EndpointJoined withCaller(Caller caller) {
            return new EndpointJoined(at, endpoint, caller);
        }
    }

    record EndpointLeft(Instant at, String containerId,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements NetworkEvent, CalledBy<NetworkEvent> {
        /** Without a caller: the engine acting by itself, or a row from before issue 15. */
        public EndpointLeft(Instant at, String containerId) {
            this(at, containerId, null);
        }

        @Override
        public EndpointLeft withCaller(Caller caller) {
            return new EndpointLeft(at, containerId, caller);
        }
    }

    record Removed(Instant at,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements NetworkEvent, CalledBy<NetworkEvent> {
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
     * The default bridge's addresses changed: a daemon started with another {@code --bip} (or daemon.json
     * {@code bip}), {@code --ipv6} or {@code --fixed-cidr-v6} than the journal holds, with no container attached.
     * The event holds all of them: {@code subnet6}/{@code gateway6} absent means no IPv6 (as every such event written
     * before IPv6 had them).
     */
    record Readdressed(Instant at, String subnet, String gateway,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) String subnet6,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) String gateway6,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements NetworkEvent, CalledBy<NetworkEvent> {
        public Readdressed {
            subnet6 = subnet6 == null ? "" : subnet6;
            gateway6 = gateway6 == null ? "" : gateway6;
        }

        public Readdressed(Instant at, String subnet, String gateway) {
            this(at, subnet, gateway, "", "", null);
        }

        public Readdressed(Instant at, String subnet, String gateway, String subnet6, String gateway6) {
            this(at, subnet, gateway, subnet6, gateway6, null);
        }

        @Override
        public Readdressed withCaller(Caller caller) {
            return new Readdressed(at, subnet, gateway, subnet6, gateway6, caller);
        }
    }

    /**
     * A container on the network was renamed while its endpoint is there ({@code docker rename} of a running
     * container): the endpoint answers to the new name, as dockerd renames its endpoints.
     */
    record EndpointRenamed(Instant at, String containerId, String containerName,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements NetworkEvent, CalledBy<NetworkEvent> {
        public EndpointRenamed(Instant at, String containerId, String containerName) {
            this(at, containerId, containerName, null);
        }

        @Override
        public EndpointRenamed withCaller(Caller caller) {
            return new EndpointRenamed(at, containerId, containerName, caller);
        }
    }

    /**
     * The ports published through the container's endpoint here changed: its gateway endpoint moved to or from
     * this network (a {@code network connect} or {@code disconnect}) and the published ports moved with it.
     */
    record EndpointPortsSet(Instant at, String containerId, List<Endpoint.PortBinding> ports,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements NetworkEvent, CalledBy<NetworkEvent> {
        public EndpointPortsSet(Instant at, String containerId, List<Endpoint.PortBinding> ports) {
            this(at, containerId, ports, null);
        }

        public EndpointPortsSet {
            ports = ports == null ? List.of() : List.copyOf(ports);
        }

        @Override
        public EndpointPortsSet withCaller(Caller caller) {
            return new EndpointPortsSet(at, containerId, ports, caller);
        }
    }
}
