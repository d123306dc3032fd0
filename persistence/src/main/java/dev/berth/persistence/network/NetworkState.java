package dev.berth.persistence.network;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.berth.persistence.BerthSerializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A network's lifecycle: not created, active with its endpoints, removed. Pure fold over events. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "phase")
@JsonSubTypes({
    @JsonSubTypes.Type(value = NetworkState.None.class, name = "none"),
    @JsonSubTypes.Type(value = NetworkState.Active.class, name = "active"),
    @JsonSubTypes.Type(value = NetworkState.Gone.class, name = "gone"),
})
public sealed interface NetworkState extends BerthSerializable {
    NetworkState apply(NetworkEvent event);

    static NetworkState empty() {
        return new None();
    }

    record None() implements NetworkState {
        @Override
        public NetworkState apply(NetworkEvent event) {
            return event instanceof NetworkEvent.Created c ? new Active(c.config(), c.at(), Map.of()) : this;
        }
    }

    /** @param endpoints by container id */
    record Active(NetworkConfig config, Instant created, Map<String, Endpoint> endpoints) implements NetworkState {
        public Active {
            endpoints = Map.copyOf(endpoints);
        }

        @Override
        public NetworkState apply(NetworkEvent event) {
            if (event instanceof NetworkEvent.EndpointJoined j) {
                var next = new LinkedHashMap<>(endpoints);
                next.put(j.endpoint().containerId(), j.endpoint());
                return new Active(config, created, next);
            }
            if (event instanceof NetworkEvent.EndpointLeft l) {
                var next = new LinkedHashMap<>(endpoints);
                next.remove(l.containerId());
                return new Active(config, created, next);
            }
            if (event instanceof NetworkEvent.Removed) {
                return new Gone(config);
            }
            if (event instanceof NetworkEvent.Readdressed r) {
                return new Active(config.withAddress(r.subnet(), r.gateway()).withAddress6(r.subnet6(), r.gateway6()), created, endpoints);
            }
            if (event instanceof NetworkEvent.EndpointPortsSet p && endpoints.containsKey(p.containerId())) {
                var next = new LinkedHashMap<>(endpoints);
                next.put(p.containerId(), endpoints.get(p.containerId()).withPorts(p.ports()));
                return new Active(config, created, next);
            }
            if (event instanceof NetworkEvent.EndpointRenamed r && endpoints.containsKey(r.containerId())) {
                var next = new LinkedHashMap<>(endpoints);
                next.put(r.containerId(), endpoints.get(r.containerId()).withContainerName(r.containerName()));
                return new Active(config, created, next);
            }
            return this;
        }
    }

    record Gone(NetworkConfig config) implements NetworkState {
        @Override
        public NetworkState apply(NetworkEvent event) {
            return this;
        }
    }
}
