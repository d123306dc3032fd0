package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Inspect's {@code NetworkSettings}: the fields current clients read. */
public record NetworkSettings(
        @JsonProperty("Bridge") String bridge,
        @JsonProperty("SandboxID") String sandboxId,
        @JsonProperty("SandboxKey") String sandboxKey,
        @JsonProperty("Ports") Map<String, List<HostConfig.PortBinding>> ports,
        @JsonProperty("Networks") Map<String, EndpointSettings> networks) {

    public NetworkSettings {
        ports = ports == null ? Map.of() : ports;
        networks = networks == null ? Map.of() : Map.copyOf(networks);
    }
}
