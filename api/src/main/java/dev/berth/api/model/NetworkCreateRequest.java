package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** POST /networks/create body. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkCreateRequest(
        @JsonProperty("Name") String name,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Internal") boolean internal,
        @JsonProperty("Attachable") boolean attachable,
        @JsonProperty("EnableIPv6") Boolean enableIpv6,
        @JsonProperty("IPAM") NetworkIpam ipam,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("ConfigOnly") boolean configOnly,
        @JsonProperty("ConfigFrom") Map<String, String> configFrom) {

    /** Without config-only networks (the shape before they were honoured). */
    public NetworkCreateRequest(String name, String driver, String scope, boolean internal, boolean attachable,
                                Boolean enableIpv6, NetworkIpam ipam, Map<String, String> options,
                                Map<String, String> labels) {
        this(name, driver, scope, internal, attachable, enableIpv6, ipam, options, labels, false, null);
    }

    /** {@code ConfigFrom.Network}, or "" for none. */
    public String configFromNetwork() {
        return configFrom == null ? "" : configFrom.getOrDefault("Network", "");
    }
}
