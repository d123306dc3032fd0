package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** GET /networks and /networks/{id}: Docker's network JSON. */
public record NetworkResource(
        @JsonProperty("Name") String name,
        @JsonProperty("Id") String id,
        @JsonProperty("Created") String created,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Driver") String driver,
        @JsonProperty("EnableIPv4") boolean enableIpv4,
        @JsonProperty("EnableIPv6") boolean enableIpv6,
        @JsonProperty("IPAM") NetworkIpam ipam,
        @JsonProperty("Internal") boolean internal,
        @JsonProperty("Attachable") boolean attachable,
        @JsonProperty("Ingress") boolean ingress,
        @JsonProperty("ConfigFrom") Map<String, String> configFrom,
        @JsonProperty("ConfigOnly") boolean configOnly,
        @JsonProperty("Containers") Map<String, Member> containers,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Labels") Map<String, String> labels) {

    /** One container on the network. */
    public record Member(@JsonProperty("Name") String name,
                         @JsonProperty("EndpointID") String endpointId,
                         @JsonProperty("MacAddress") String macAddress,
                         @JsonProperty("IPv4Address") String ipv4Address,
                         @JsonProperty("IPv6Address") String ipv6Address) {}
}
