package dev.berth.driver.dockerplugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.spi.EngineException;
import dev.berth.spi.network.EndpointSpec;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkSpec;
import dev.berth.spi.network.PortMapping;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network driver that is a Docker plugin ({@code NetworkDriver.*}, libnetwork's remote driver). The
 * engine keeps deciding what it decides for bridge networks (subnet, gateway, each endpoint's address
 * and MAC, journaled first) and tells the plugin; the plugin makes an interface on the host, and the
 * engine moves it into the container ({@link SandboxLinks}). The plugin keeps its own state, so a
 * daemon restart restores nothing here: running containers keep their interfaces.
 */
final class RemoteNetworkDriver implements NetworkDriver {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteNetworkDriver.class);
    static final String GENERIC = "com.docker.network.generic";
    private static final Map<String, Integer> PROTOCOLS = Map.of("tcp", 6, "udp", 17, "sctp", 132);

    private final DockerPlugins.Activated plugin;
    private final String scope;

    /** Asks the plugin's capabilities, as dockerd does when it registers the driver. */
    RemoteNetworkDriver(DockerPlugins.Activated plugin) throws PluginClient.CallFailed {
        this.plugin = plugin;
        JsonNode caps = plugin.client().call("NetworkDriver.GetCapabilities", Map.of());
        String err = caps.path("Err").asText("");
        if (!err.isEmpty()) {
            throw new PluginClient.CallFailed("NetworkDriver.GetCapabilities: " + err);
        }
        String s = caps.path("Scope").asText("");
        if (!s.equals("local") && !s.equals("global")) {
            throw new PluginClient.CallFailed("NetworkDriver.GetCapabilities: invalid capability: expecting 'local' or"
                    + " 'global', got '" + s + "'");
        }
        this.scope = s;
    }

    @Override
    public String name() {
        return plugin.name();
    }

    String scope() {
        return scope;
    }

    /** libnetwork names an endpoint by a random id; here it is derived, so it is the same after a restart. */
    static String endpointId(String networkId, String containerId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((networkId + "/" + containerId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void createNetwork(NetworkSpec spec) {
        if (scope.equals("global")) {
            throw EngineException.invalid("network plugin " + name() + " has global scope: multi-host networks are"
                    + " not supported by Berth yet");
        }
        Map<String, String> generic = new LinkedHashMap<>(spec.labels());
        generic.putAll(spec.options());
        Map<String, Object> options = new LinkedHashMap<>();
        options.put(GENERIC, generic);
        options.put("com.docker.network.enable_ipv6", false);
        options.put("com.docker.network.internal", spec.internal());
        Map<String, Object> pool = new LinkedHashMap<>();
        pool.put("AddressSpace", "LocalDefault");
        pool.put("Pool", spec.subnet());
        pool.put("Gateway", spec.gatewayCidr().toString());
        pool.put("AuxAddresses", Map.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("NetworkID", spec.id());
        body.put("Options", options);
        body.put("IPv4Data", List.of(pool));
        body.put("IPv6Data", List.of());
        call("NetworkDriver.CreateNetwork", body);
    }

    /** A plugin's refusal is logged and the network is gone from Berth anyway, as dockerd does. */
    @Override
    public void deleteNetwork(String networkId) {
        try {
            call("NetworkDriver.DeleteNetwork", Map.of("NetworkID", networkId));
        } catch (EngineException e) {
            LOG.warn("network {}: driver error deleting it: {}", networkId, e.getMessage());
        }
    }

    @Override
    public Endpoint join(EndpointSpec spec) {
        String eid = endpointId(spec.networkId(), spec.containerId());
        Map<String, Object> iface = new LinkedHashMap<>();
        iface.put("Address", spec.ipv4());
        iface.put("AddressIPv6", "");
        iface.put("MacAddress", spec.mac());
        JsonNode created = call("NetworkDriver.CreateEndpoint", Map.of("NetworkID", spec.networkId(), "EndpointID", eid,
                "Options", Map.of(), "Interface", iface));
        try {
            checkInterface(created.path("Interface"), spec);
            JsonNode joined = call("NetworkDriver.Join", Map.of("NetworkID", spec.networkId(), "EndpointID", eid,
                    "SandboxKey", spec.netnsPath().toString(), "Options", Map.of()));
            String dst;
            try {
                dst = wire(spec, joined);
                if (spec.gateway() != null) {
                    optional("NetworkDriver.ProgramExternalConnectivity", Map.of("NetworkID", spec.networkId(),
                            "EndpointID", eid, "Options", connectivity(spec.ports())));
                }
            } catch (RuntimeException e) {
                quietly("NetworkDriver.Leave", Map.of("NetworkID", spec.networkId(), "EndpointID", eid));
                throw e;
            }
            return new Endpoint("", dst, spec.mac());
        } catch (RuntimeException e) {
            quietly("NetworkDriver.DeleteEndpoint", Map.of("NetworkID", spec.networkId(), "EndpointID", eid));
            throw e;
        }
    }

    /** The plugin may only fill in what the engine left empty; the engine leaves nothing IPv4 empty. */
    private void checkInterface(JsonNode answered, EndpointSpec spec) {
        String address = answered.path("Address").asText("");
        String mac = answered.path("MacAddress").asText("");
        if (!address.isEmpty() && !address.equals(spec.ipv4())) {
            throw EngineException.internal("network plugin " + name() + " answered address " + address
                    + " for an endpoint the engine gave " + spec.ipv4(), null);
        }
        if (!mac.isEmpty() && !mac.equalsIgnoreCase(spec.mac())) {
            throw EngineException.internal("network plugin " + name() + " answered MAC " + mac
                    + " for an endpoint the engine gave " + spec.mac(), null);
        }
    }

    /** Moves the plugin's interface into the container; answers the name it has there. */
    private String wire(EndpointSpec spec, JsonNode joined) {
        JsonNode names = joined.path("InterfaceName");
        String src = names.path("SrcName").asText("");
        String prefix = names.path("DstPrefix").asText("");
        if (src.isEmpty()) {
            throw EngineException.internal("network plugin " + name() + ": NetworkDriver.Join answered no"
                    + " InterfaceName.SrcName", null);
        }
        String index = spec.interfaceName().replaceFirst("^\\D*", "");
        String dst = prefix.isEmpty() ? spec.interfaceName() : prefix + index;
        if (dst.length() > 15 || !dst.matches("[A-Za-z0-9_.\\-]+")) {
            throw EngineException.internal("network plugin " + name() + ": invalid DstPrefix " + prefix, null);
        }
        List<SandboxLinks.Route> routes = new ArrayList<>();
        for (JsonNode r : joined.path("StaticRoutes")) {
            String destination = r.path("Destination").asText("");
            // RouteType 1 is a connected route (no next hop), 0 goes via NextHop
            String via = r.path("RouteType").asInt(0) == 1 ? null : r.path("NextHop").asText("");
            if (destination.isEmpty() || (via != null && via.isEmpty())) {
                throw EngineException.internal("network plugin " + name() + ": malformed static route " + r, null);
            }
            routes.add(new SandboxLinks.Route(destination, via));
        }
        String gateway = joined.path("Gateway").asText("");
        SandboxLinks.moveIn(spec.netnsPath(), src, dst, spec.ipv4(), spec.mac(),
                spec.gateway() == null || gateway.isEmpty() ? null : gateway, routes);
        return dst;
    }

    /** dockerd's port options: exposed ports and port bindings, protocols by number. */
    private static Map<String, Object> connectivity(List<PortMapping> ports) {
        List<Map<String, Object>> exposed = new ArrayList<>();
        List<Map<String, Object>> bindings = new ArrayList<>();
        for (PortMapping p : ports) {
            int proto = PROTOCOLS.get(p.protocol());
            exposed.add(Map.of("Proto", proto, "Port", p.containerPort()));
            bindings.add(Map.of("Proto", proto, "IP", "", "Port", p.containerPort(), "HostIP", p.hostIp(),
                    "HostPort", p.hostPort(), "HostPortEnd", p.hostPort()));
        }
        return Map.of("com.docker.network.endpoint.exposedports", exposed, "com.docker.network.portmap", bindings);
    }

    /** Idempotent: every step is tried; a plugin's refusal is logged (the container's stop goes on). */
    @Override
    public void leave(EndpointSpec spec) {
        String eid = endpointId(spec.networkId(), spec.containerId());
        SandboxLinks.interfaceWithAddress(spec.netnsPath(), spec.ip()).ifPresent(dev -> {
            Optional<String> hostName = SandboxLinks.aliasOf(spec.netnsPath(), dev);
            SandboxLinks.moveOut(spec.netnsPath(), dev, hostName.orElse(dev));
        });
        Map<String, String> ids = Map.of("NetworkID", spec.networkId(), "EndpointID", eid);
        if (spec.gateway() != null) {
            quietly("NetworkDriver.RevokeExternalConnectivity", ids);
        }
        quietly("NetworkDriver.Leave", ids);
        quietly("NetworkDriver.DeleteEndpoint", ids);
    }

    @Override
    public void updateNames(String networkId, String containerId, List<String> dnsNames) {
        // no embedded DNS on plugin networks: names are the plugin's business
    }

    /** The plugin kept its networks and endpoints; only endpoints whose netns is gone are lost. */
    @Override
    public List<EndpointSpec> restore(List<NetworkSpec> networks, List<EndpointSpec> endpoints) {
        return endpoints.stream().filter(e -> !e.netnsPath().toFile().exists()).toList();
    }

    @Override
    public void close() {
        // the plugin is a process of its own
    }

    private void optional(String method, Object body) {
        try {
            answer(method, plugin.client().call(method, body));
        } catch (PluginClient.CallFailed e) {
            if (!e.notImplemented()) {
                throw failed(e);
            }
        }
    }

    private void quietly(String method, Object body) {
        try {
            optional(method, body);
        } catch (EngineException e) {
            LOG.warn("network plugin {}: {}", name(), e.getMessage());
        }
    }

    private JsonNode call(String method, Object body) {
        try {
            return answer(method, plugin.client().call(method, body));
        } catch (PluginClient.CallFailed e) {
            throw failed(e);
        }
    }

    private JsonNode answer(String method, JsonNode answer) {
        String err = answer.path("Err").asText("");
        if (!err.isEmpty()) {
            throw EngineException.internal("network plugin " + name() + ": " + method + ": remote: " + err, null);
        }
        return answer;
    }

    private EngineException failed(PluginClient.CallFailed e) {
        return EngineException.internal("network plugin " + name() + ": " + e.getMessage(), e);
    }
}
