package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Inspect's {@code NetworkSettings}: the fields current clients read. The top-level address fields
 * are Docker's deprecated copy of the endpoint on the default {@code bridge} network (empty on any
 * other); scripts and SDKs still read them. HairpinMode, the link-local and the secondary address fields
 * are the ones dockerd 28 still sends though it never sets them (false, "", 0, null, null, in its Go
 * struct's order), so that a template or SDK reading them gets what it gets from dockerd.
 */
public record NetworkSettings(
        @JsonProperty("Bridge") String bridge,
        @JsonProperty("SandboxID") String sandboxId,
        @JsonProperty("SandboxKey") String sandboxKey,
        @JsonProperty("Ports") Map<String, List<HostConfig.PortBinding>> ports,
        @JsonProperty("HairpinMode") boolean hairpinMode,
        @JsonProperty("LinkLocalIPv6Address") String linkLocalIpv6Address,
        @JsonProperty("LinkLocalIPv6PrefixLen") long linkLocalIpv6PrefixLen,
        @JsonProperty("SecondaryIPAddresses") List<Map<String, Object>> secondaryIpAddresses,
        @JsonProperty("SecondaryIPv6Addresses") List<Map<String, Object>> secondaryIpv6Addresses,
        @JsonProperty("EndpointID") String endpointId,
        @JsonProperty("Gateway") String gateway,
        @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
        @JsonProperty("GlobalIPv6PrefixLen") long globalIpv6PrefixLen,
        @JsonProperty("IPAddress") String ipAddress,
        @JsonProperty("IPPrefixLen") long ipPrefixLen,
        @JsonProperty("IPv6Gateway") String ipv6Gateway,
        @JsonProperty("MacAddress") String macAddress,
        @JsonProperty("Networks") Map<String, EndpointSettings> networks) {

    /** The network whose endpoint the top-level fields copy, as dockerd's inspect does. */
    public static final String DEFAULT_BRIDGE = "bridge";

    public NetworkSettings {
        ports = ports == null ? Map.of() : ports;
        networks = networks == null ? Map.of() : Map.copyOf(networks);
    }

    /** With the top-level fields taken from the {@code bridge} entry of {@code networks}, if any. */
    public static NetworkSettings of(String bridge, String sandboxId, String sandboxKey,
                                     Map<String, List<HostConfig.PortBinding>> ports,
                                     Map<String, EndpointSettings> networks) {
        EndpointSettings e = networks == null ? null : networks.get(DEFAULT_BRIDGE);
        if (e == null) {
            return new NetworkSettings(bridge, sandboxId, sandboxKey, ports, false, "", 0, null, null,
                    "", "", "", 0, "", 0, "", "", networks);
        }
        return new NetworkSettings(bridge, sandboxId, sandboxKey, ports, false, "", 0, null, null,
                nz(e.endpointId()), nz(e.gateway()),
                nz(e.globalIpv6Address()), e.globalIpv6PrefixLen(), nz(e.ipAddress()), e.ipPrefixLen(),
                nz(e.ipv6Gateway()), nz(e.macAddress()), networks);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
