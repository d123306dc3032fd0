package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** One item of GET /containers/json. Lists and maps are never null on the wire. */
public record ContainerSummary(
        @JsonProperty("Id") String id,
        @JsonProperty("Names") List<String> names,
        @JsonProperty("Image") String image,
        @JsonProperty("ImageID") String imageId,
        @JsonProperty("Command") String command,
        @JsonProperty("Created") long created,
        @JsonProperty("Ports") List<Port> ports,
        @JsonProperty("SizeRw") @JsonInclude(JsonInclude.Include.NON_NULL) Long sizeRw,
        @JsonProperty("SizeRootFs") @JsonInclude(JsonInclude.Include.NON_NULL) Long sizeRootFs,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("State") String state,
        @JsonProperty("Status") String status,
        @JsonProperty("HostConfig") HostConfigSummary hostConfig,
        @JsonProperty("NetworkSettings") NetworkSummary networkSettings,
        @JsonProperty("Mounts") List<MountPoint> mounts) {

    public ContainerSummary {
        names = names == null ? List.of() : List.copyOf(names);
        ports = ports == null ? List.of() : List.copyOf(ports);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        hostConfig = hostConfig == null ? new HostConfigSummary("default", null) : hostConfig;
        networkSettings = networkSettings == null ? new NetworkSummary(Map.of()) : networkSettings;
    }

    /** {@code Annotations} only when the container has some (Go's omitempty), as dockerd 28 lists them. */
    public record HostConfigSummary(@JsonProperty("NetworkMode") String networkMode,
                                    @JsonProperty("Annotations") @com.fasterxml.jackson.annotation.JsonInclude(
                                            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                                    java.util.Map<String, String> annotations) {}

    public record NetworkSummary(@JsonProperty("Networks") Map<String, EndpointSettings> networks) {
        public NetworkSummary {
            networks = networks == null ? Map.of() : Map.copyOf(networks);
        }
    }
}
