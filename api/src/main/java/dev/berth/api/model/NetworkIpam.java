package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** A network's IPAM section, in create requests and inspect output. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkIpam(@JsonProperty("Driver") String driver,
                          @JsonProperty("Options") Map<String, String> options,
                          @JsonProperty("Config") List<Pool> config) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pool(@JsonProperty("Subnet") String subnet,
                       @JsonProperty("IPRange") @JsonInclude(JsonInclude.Include.NON_EMPTY) String ipRange,
                       @JsonProperty("Gateway") String gateway,
                       @JsonProperty("AuxiliaryAddresses") @JsonInclude(JsonInclude.Include.NON_EMPTY)
                       Map<String, String> auxAddresses) {
        /** Without auxiliary addresses. */
        public Pool(String subnet, String ipRange, String gateway) {
            this(subnet, ipRange, gateway, null);
        }
    }
}
