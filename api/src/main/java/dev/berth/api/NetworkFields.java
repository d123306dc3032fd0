package dev.berth.api;

import static dev.berth.api.FieldTable.keys;
import static dev.berth.api.FieldTable.text;
import static dev.berth.api.FieldTable.zero;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Every field of the network bodies (Docker Engine API v1.50): {@code POST /networks/create},
 * {@code /networks/{id}/connect} and {@code /disconnect}, with what Berth does with it, as
 * {@link CreateFields} does for containers. Honoured means NetworksBackend and NetworkService carry
 * it to the bridge driver.
 */
final class NetworkFields {
    /** The bridge options the bridge driver acts on (NetworkSpec). */
    static final Set<String> BRIDGE_OPTIONS = Set.of("com.docker.network.bridge.name",
            "com.docker.network.bridge.enable_ip_masquerade", "com.docker.network.driver.mtu",
            "com.docker.network.bridge.enable_icc", "com.docker.network.bridge.host_binding_ipv4",
            "com.docker.network.container_iface_prefix");

    static final FieldTable CREATE = FieldTable.builder()
            .honoured("Name")
            .honoured("Driver", "bridge, a network driver of a plugin jar, or a Docker network plugin found by name")
            .partial("Scope", text("local"), "", "every network is local: \"\" or \"local\"")
            .honoured("Internal")
            .honoured("Attachable", "recorded and shown by inspect, as dockerd does: on a local network every container may attach")
            .unsupported("Ingress", zero(), "a swarm setting; default false")
            .honoured("ConfigOnly", "a network holding settings (IPAM, options, labels) for others; driver null, "
                    + "no container on it")
            .partial("ConfigFrom", (v, body) -> v == null || v.isNull() || (v.isObject() && v.size() <= 1
                            && (v.size() == 0 || v.path("Network").isTextual())) ? null : v, "",
                    "{\"Network\": NAME}: the config-only network whose settings the new one takes")
            .object("IPAM")
            .partial("IPAM.Driver", text("default"), "", "Berth's own IPAM: \"\" or \"default\"")
            .object("IPAM.Config")
            .object("IPAM.Config.*")
            .honoured("IPAM.Config.*.Subnet", "one IPv4 pool and, with EnableIPv6, one IPv6 pool (the engine checks)")
            .honoured("IPAM.Config.*.IPRange", "IPv4 pools (the engine refuses one in an IPv6 pool)")
            .honoured("IPAM.Config.*.Gateway")
            .honoured("IPAM.Config.*.AuxiliaryAddresses", "reserved in the subnet: never given to a container "
                    + "(IPv4 pools: the engine refuses them in an IPv6 pool)")
            .unsupported("IPAM.Options", zero(), "default null/{}")
            .partial("EnableIPv4", (v, body) -> v == null || v.isNull() || v.asBoolean(false) ? null : v, "",
                    "networks always have IPv4: null or true")
            .honoured("EnableIPv6", "an IPv6 subnet (the pool's, else a /64 of the daemon's ULA /48), an address "
                    + "for each container")
            .partial("Options", NetworkFields::driverOptions, "a driver option",
                    "the bridge driver's name, enable_ip_masquerade, enable_icc, host_binding_ipv4 and mtu options, and "
                            + "container_iface_prefix; any option for another driver"
                            + " (a Docker network plugin gets them all as com.docker.network.generic)")
            .honoured("Labels")
            .build();

    static final FieldTable CONNECT = FieldTable.builder()
            .honoured("Container")
            .object("EndpointConfig")
            .with(b -> CreateFields.endpoint(b, "EndpointConfig."))
            .build();

    static final FieldTable DISCONNECT = FieldTable.builder()
            .honoured("Container")
            .honoured("Force", "a network gone is taken off a running container too; a container gone loses its "
                    + "endpoint by name (dockerd's ForceEndpointDelete)")
            .build();

    /** The bridge driver's own options are checked here; another driver is given all and judges them itself. */
    private static JsonNode driverOptions(JsonNode value, JsonNode body) {
        String driver = body == null ? "" : body.path("Driver").asText("");
        if (body != null && (body.path("ConfigOnly").asBoolean(false)
                || !body.path("ConfigFrom").path("Network").asText("").isEmpty())) {
            // config-only: kept for the networks made from it, whose driver checks them then; config-from: refused by
            // the engine in dockerd's words (the settings are the config-only network's)
            return null;
        }
        return driver.isEmpty() || driver.equals("bridge") ? keys(BRIDGE_OPTIONS).refused(value, body) : null;
    }

    private NetworkFields() {}
}
