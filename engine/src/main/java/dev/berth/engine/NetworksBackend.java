package dev.berth.engine;

import dev.berth.actors.container.ContainerService;
import dev.berth.actors.network.NetworkAttacher;
import dev.berth.actors.network.NetworkService;
import dev.berth.api.backend.Filters;
import dev.berth.api.backend.NetworkBackend;
import dev.berth.api.backend.Versioned;
import dev.berth.api.model.NetworkConnectRequest;
import dev.berth.api.model.NetworkCreateRequest;
import dev.berth.api.model.NetworkCreateResponse;
import dev.berth.api.model.NetworkIpam;
import dev.berth.api.model.NetworkPruneReport;
import dev.berth.api.model.NetworkResource;
import dev.berth.persistence.network.NetworkConfig;
import dev.berth.persistence.network.NetworkState;
import dev.berth.spi.EngineException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The networks router's view of the engine. */
public final class NetworksBackend implements NetworkBackend {
    private final NetworkService networks;
    private final ContainerService containers;
    private final NetworkAttacher attacher;
    private AsOfReads history;

    public NetworksBackend(NetworkService networks, ContainerService containers, NetworkAttacher attacher) {
        this.networks = networks;
        this.containers = containers;
        this.attacher = attacher;
    }

    @Override
    public List<NetworkResource> list(Filters filters) {
        Predicate<NetworkState.Active> filter = filter(filters);
        List<NetworkState.Active> all = new ArrayList<>(networks.view().all());
        all.sort(Comparator.comparing((NetworkState.Active n) -> n.config().name()));
        return all.stream().filter(filter).map(n -> resource(n, false)).toList();
    }

    /** {@code network ls} filters (the API checked the keys). */
    private Predicate<NetworkState.Active> filter(Filters f) {
        return n -> {
            NetworkConfig c = n.config();
            if (f.has("name") && f.get("name").stream().noneMatch(x -> c.name().contains(x))) {
                return false;
            }
            if (f.has("id") && f.get("id").stream().noneMatch(x -> c.id().startsWith(x))) {
                return false;
            }
            if (f.has("driver") && !f.get("driver").contains(c.driver())) {
                return false;
            }
            if (f.has("label") && !f.get("label").stream().allMatch(l -> ContainerFilter.hasLabel(c.labels(), l))) {
                return false;
            }
            if (f.has("type") && f.get("type").stream().noneMatch(t -> t.equals(c.builtIn() ? "builtin" : "custom"))) {
                return false;
            }
            if (f.has("scope") && !f.get("scope").contains("local")) {
                return false;
            }
            if (f.has("dangling")) {
                boolean want = f.get("dangling").contains("true") || f.get("dangling").contains("1");
                return want == (n.endpoints().isEmpty() && !c.builtIn());
            }
            return true;
        };
    }

    @Override
    public NetworkResource inspect(String ref) {
        return resource(networks.view().resolve(ref), true);
    }

    /** The network's state is an immutable record replaced on every change: it is the answer's version. */
    @Override
    public Versioned<NetworkResource> inspection(String ref) {
        NetworkState.Active n = networks.view().resolve(ref);
        return new Versioned<>(n.config().id(), Versioned.sameObject(n), () -> resource(n, true));
    }

    /** With objects as of an earlier time ({@code at=}); without it, {@code at} is refused. */
    public NetworksBackend withHistory(AsOfReads reads) {
        this.history = reads;
        return this;
    }

    @Override
    public NetworkResource inspectAt(String ref, Instant at) {
        if (history == null) {
            throw EngineException.invalid("query parameter \"at\" is not supported by Berth yet");
        }
        return resource(history.network(ref, at), true);
    }

    private NetworkResource resource(NetworkState.Active n, boolean members) {
        NetworkConfig c = n.config();
        List<NetworkIpam.Pool> pools = new ArrayList<>();
        if (!c.subnet().isEmpty()) {
            pools.add(new NetworkIpam.Pool(c.subnet(), c.ipRange().isEmpty() ? null : c.ipRange(), c.gateway(),
                    c.auxAddresses()));
        }
        if (c.ipv6()) {
            pools.add(new NetworkIpam.Pool(c.subnet6(), null, c.gateway6(), Map.of()));
        }
        Map<String, NetworkResource.Member> containers = new LinkedHashMap<>();
        if (members) {
            int prefix = c.subnet().isEmpty() ? 0 : Integer.parseInt(c.subnet().substring(c.subnet().indexOf('/') + 1));
            int prefix6 = c.ipv6() ? Integer.parseInt(c.subnet6().substring(c.subnet6().indexOf('/') + 1)) : 0;
            n.endpoints().forEach((id, e) -> containers.put(id, new NetworkResource.Member(e.containerName(),
                    endpointId(c.id(), id), e.mac(), e.ip().isEmpty() ? "" : e.ip() + "/" + prefix,
                    e.ip6().isEmpty() ? "" : e.ip6() + "/" + prefix6)));
        }
        return new NetworkResource(c.name(), c.id(), HumanTime.rfc3339(n.created()), "local", c.driver(), true, c.ipv6(),
                new NetworkIpam("default", Map.of(), pools), c.internal(), c.attachable(), false,
                Map.of("Network", c.configFrom()), c.configOnly(), containers, shownOptions(c, networks.options(c)),
                c.labels());
    }

    /**
     * dockerd's default bridge lists its settings among its options, and tools read them there (kind
     * takes the MTU for its own network from {@code com.docker.network.driver.mtu}): Berth's default
     * bridge has the same ones, so they are shown, with whatever the journal holds on top.
     */
    private static final Map<String, String> DEFAULT_BRIDGE_OPTIONS = Map.of(
            "com.docker.network.bridge.enable_icc", "true",
            "com.docker.network.bridge.enable_ip_masquerade", "true",
            "com.docker.network.bridge.host_binding_ipv4", "0.0.0.0",
            "com.docker.network.driver.mtu", "1500");

    /** @param options the network's options as they apply now (the daemon's ip, mtu and ip-masq on the default bridge) */
    static Map<String, String> shownOptions(NetworkConfig c, Map<String, String> options) {
        if (!c.builtIn() || !"true".equals(c.options().get("com.docker.network.bridge.default_bridge"))) {
            return options;
        }
        Map<String, String> shown = new java.util.TreeMap<>(DEFAULT_BRIDGE_OPTIONS);
        shown.putAll(options);
        return shown;
    }

    /** Docker shows a per-endpoint id; ours is derived, stable and unique per (network, container). */
    static String endpointId(String networkId, String containerId) {
        return dev.berth.image.Digest.of(networkId + "/" + containerId).hex();
    }

    /**
     * Whether {@code s} is written as an address and a prefix length, as dockerd's check wants: an IPv4
     * {@code a.b.c.d/n} with n at most 32, or an IPv6 {@code ADDR/n} with n at most 128.
     */
    static boolean isPrefix(String s) {
        if (s.indexOf(':') >= 0) {
            if (s.indexOf('/') < 0) return false;
            try {
                dev.berth.spi.network.Ipv6Cidr.parse(s);
                return true;
            } catch (EngineException e) {
                return false;
            }
        }
        int slash = s.indexOf('/');
        if (slash < 0 || slash == s.length() - 1 || s.length() - slash > 3) return false;
        for (int i = slash + 1; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) return false;
        }
        try {
            dev.berth.spi.network.Ipv4Cidr.parse(s);
            return true;
        } catch (EngineException e) {
            return false;
        }
    }

    @Override
    public NetworkCreateResponse create(NetworkCreateRequest r) {
        String subnet = null;
        String gateway = null;
        String range = null;
        Map<String, String> aux = Map.of();
        boolean enableIpv6 = Boolean.TRUE.equals(r.enableIpv6());
        NetworkService.Ipv6Request ipv6 = enableIpv6 ? new NetworkService.Ipv6Request("", "") : null;
        if (r.ipam() != null && r.ipam().config() != null && !r.ipam().config().isEmpty()) {
            // dockerd checks every pool's subnet first and lists all that are not prefixes
            StringBuilder bad = new StringBuilder();
            for (var pool : r.ipam().config()) {
                String s = pool.subnet();
                if (s != null && !s.isEmpty() && !isPrefix(s)) {
                    bad.append("\ninvalid subnet ").append(s).append(": invalid CIDR block notation");
                }
            }
            if (bad.length() > 0) throw EngineException.invalid("invalid network config:" + bad);
            List<NetworkIpam.Pool> v4 = new ArrayList<>();
            List<NetworkIpam.Pool> v6 = new ArrayList<>();
            for (var pool : r.ipam().config()) {
                (pool.subnet() != null && pool.subnet().indexOf(':') >= 0 ? v6 : v4).add(pool);
            }
            if (v4.size() > 1) {
                throw EngineException.invalid("only one IPv4 pool per network is supported");
            }
            if (v6.size() > 1) {
                throw EngineException.invalid("only one IPv6 pool per network is supported");
            }
            if (!v4.isEmpty()) {
                var pool = v4.get(0);
                subnet = pool.subnet();
                gateway = pool.gateway();
                range = pool.ipRange();
                aux = pool.auxAddresses() == null ? Map.of() : pool.auxAddresses();
            }
            if (!v6.isEmpty()) {
                var pool = v6.get(0);
                if (!enableIpv6) {
                    // dockerd passes over an IPv6 pool of a network without IPv6; Berth does not take what it would not use
                    throw EngineException.invalid("invalid network config:\nIPv6 subnet " + pool.subnet()
                            + " given for a network without IPv6: set EnableIPv6 (--ipv6)");
                }
                ipv6 = ipv6Pool(pool);
            }
        }
        NetworkConfig c = networks.create(r.name(), r.driver(), subnet, gateway, range, aux, r.internal(),
                r.options(), r.labels(), ipv6, r.attachable(), r.configOnly(), r.configFromNetwork());
        return new NetworkCreateResponse(c.id(), "");
    }

    /** The IPv6 pool of a create, checked in dockerd's words ({@code ValidateIPAM}). */
    static NetworkService.Ipv6Request ipv6Pool(NetworkIpam.Pool pool) {
        dev.berth.spi.network.Ipv6Cidr net = dev.berth.spi.network.Ipv6Cidr.parse(pool.subnet());
        List<String> errors = new ArrayList<>();
        if (!net.network().equals(net)) {
            errors.add("invalid subnet " + net + ": it should be " + net.network());
        }
        String gateway = pool.gateway() == null ? "" : pool.gateway();
        if (!gateway.isEmpty()) {
            if (!dev.berth.spi.network.Ipv6Cidr.isAddress(gateway)) {
                errors.add("invalid gateway " + gateway + (gateway.indexOf('.') >= 0 && gateway.indexOf(':') < 0
                        ? ": parent subnet is an IPv6 block" : ": invalid address"));
            } else if (!net.network().contains(dev.berth.spi.network.Ipv6Cidr.parseAddress(gateway))) {
                errors.add("invalid gateway " + gateway + ": parent subnet " + net.network() + " doesn't contain this address");
            }
        }
        if (!errors.isEmpty()) {
            throw EngineException.invalid("invalid network config:\n" + String.join("\n", errors));
        }
        if (pool.ipRange() != null && !pool.ipRange().isEmpty()) {
            throw EngineException.invalid("IPAM.Config IPRange " + pool.ipRange()
                    + " in an IPv6 pool is not supported by Berth yet");
        }
        if (pool.auxAddresses() != null && !pool.auxAddresses().isEmpty()) {
            throw EngineException.invalid("IPAM.Config AuxiliaryAddresses in an IPv6 pool are not supported by Berth yet");
        }
        return new NetworkService.Ipv6Request(net.network().toString(), gateway);
    }

    @Override
    public void remove(String ref) {
        networks.remove(ref);
    }

    @Override
    public void connect(String ref, NetworkConnectRequest request) {
        var ec = request.endpointConfig();
        String ip = ec == null || ec.ipamConfig() == null ? null : ec.ipamConfig().ipv4Address();
        var endpoint = new ContainerService.EndpointRequest(ip, ec == null ? List.of() : ec.aliases(),
                ec == null || ec.macAddress() == null ? "" : ec.macAddress(),
                ec == null || ec.gwPriority() == null ? 0 : ec.gwPriority(), ec == null ? null : ec.links(),
                ec == null ? null : ec.driverOpts(),
                ec == null || ec.ipamConfig() == null ? null : ec.ipamConfig().linkLocalIps(),
                ec == null || ec.ipamConfig() == null ? null : ec.ipamConfig().ipv6Address());
        containers.connect(request.container(), ref, endpoint, (state, network) -> attacher.connect(state.info(), network));
    }

    @Override
    public void disconnect(String ref, NetworkConnectRequest request) {
        // the default route and the published ports move to the next network in dockerd's order when they went
        // through this one
        if (request.force()) {
            try {
                containers.view().resolve(request.container());
            } catch (EngineException e) {
                if (e.kind() != dev.berth.spi.ErrorKind.NOT_FOUND) {
                    throw e;
                }
                attacher.forceLeave(ref, request.container()); // dockerd's ForceEndpointDelete: a container gone
                return;
            }
        }
        containers.disconnect(request.container(), ref, request.force(),
                (id, networkId) -> attacher.disconnect(containers.view().resolve(id).info(), networkId));
    }

    @Override
    public NetworkPruneReport prune(Filters filters) {
        PruneFilters filter = PruneFilters.of(filters, Instant.now());
        List<String> removed = networks.prune(c -> networks.view().get(c.id())
                .map(n -> filter.test(n.created(), c.labels())).orElse(false));
        return new NetworkPruneReport(removed.isEmpty() ? null : removed);
    }
}
