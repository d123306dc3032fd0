package dev.berth.persistence.network;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.berth.persistence.BerthSerializable;
import java.time.Instant;

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
})
public sealed interface NetworkEvent extends BerthSerializable {
    Instant at();

    record Created(Instant at, NetworkConfig config) implements NetworkEvent {}

    record EndpointJoined(Instant at, Endpoint endpoint) implements NetworkEvent {}

    record EndpointLeft(Instant at, String containerId) implements NetworkEvent {}

    record Removed(Instant at) implements NetworkEvent {}
}
