package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** POST /networks/{id}/connect and /disconnect bodies. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkConnectRequest(@JsonProperty("Container") String container,
                                    @JsonProperty("EndpointConfig") EndpointConfig endpointConfig,
                                    @JsonProperty("Force") boolean force) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EndpointConfig(@JsonProperty("IPAMConfig") IpamConfig ipamConfig,
                                 @JsonProperty("Aliases") List<String> aliases,
                                 @JsonProperty("GwPriority") Integer gwPriority,
                                 @JsonProperty("Links") List<String> links,
                                 @JsonProperty("DriverOpts") java.util.Map<String, String> driverOpts,
                                 @JsonProperty("MacAddress") String macAddress) {
        /** Without links. */
        public EndpointConfig(IpamConfig ipamConfig, List<String> aliases, Integer gwPriority) {
            this(ipamConfig, aliases, gwPriority, null, null);
        }

        /** Without a MAC address. */
        public EndpointConfig(IpamConfig ipamConfig, List<String> aliases, Integer gwPriority, List<String> links,
                              java.util.Map<String, String> driverOpts) {
            this(ipamConfig, aliases, gwPriority, links, driverOpts, null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IpamConfig(@JsonProperty("IPv4Address") String ipv4Address,
                             @JsonProperty("LinkLocalIPs") List<String> linkLocalIps,
                             @JsonProperty("IPv6Address") String ipv6Address) {
        public IpamConfig(String ipv4Address) {
            this(ipv4Address, null, null);
        }

        public IpamConfig(String ipv4Address, List<String> linkLocalIps) {
            this(ipv4Address, linkLocalIps, null);
        }
    }
}
