package dev.berth.driver.bridge;

import dev.berth.spi.DriverContext;
import dev.berth.spi.EngineException;
import dev.berth.spi.network.EndpointSpec;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code macvlan} network driver, as dockerd's: each container gets an interface of its own on a host
 * interface (the {@code parent} option), with its own MAC address, so it sits on the parent's network as a host
 * of its own would — reached at its own address, its default route the network's gateway (a router on that
 * network, never the host: a macvlan's parent cannot talk to its macvlans). No bridge, no iptables, no published
 * ports. A parent named {@code eth0.10} that does not exist is made (a VLAN sub-interface of {@code eth0}) and
 * removed with the last network on it; no parent at all gives the network a link of its own and makes it internal.
 *
 * <p>Names: containers ask {@code 127.0.0.11} inside their own namespace (the macvlan gives the host no way to
 * them), where this driver binds a resolver per container ({@link NetnsSockets}); it answers for the macvlan
 * networks the container is on, as the bridge driver's does for bridge networks, and forwards the rest.
 *
 * <p>Host state this driver makes, marked with an ifalias {@code berth:<suffix>:macvlan:<network id>} so that a
 * restart (after kill -9 too) finds it: the parents it created. Everything else lives in the containers'
 * namespaces and goes with them.
 */
final class MacvlanNetworkDriver implements NetworkDriver {

    private static final Logger LOG = LoggerFactory.getLogger(MacvlanNetworkDriver.class);
    /** Where a container asks names: dockerd's embedded DNS address, inside the container's namespace. */
    static final String DNS_ADDRESS = "127.0.0.11";

    private final ChainNames names;
    private final List<InetSocketAddress> upstreams;
    private final ExecutorService dnsExecutor;
    /** Written under this driver's lock; concurrent because the DNS threads read it. */
    private final Map<String, Net> networks = new ConcurrentHashMap<>();
    /** Every network of this daemon's bridge and macvlan drivers, for names across both ({@link NameScopes}). */
    private final Map<String, NetworkState> scopes;
    /** Each container's resolver, by container id: one per namespace, whatever number of networks it is on. */
    private final Map<String, DnsServer> resolvers = new ConcurrentHashMap<>();

    /** One network: its spec, what its options say, and its endpoints (in {@code state}). */
    private record Net(NetworkSpec spec, MacvlanOptions options, NetworkState state) {
        /** dockerd's rule: a network without a parent is internal. */
        boolean internal() {
            return spec.internal() || options.parent().isEmpty();
        }

        /** The host interface its containers' interfaces hang off. */
        String parent(ChainNames names) {
            return options.parent().isEmpty() ? ownLink(spec.id()) : options.parent();
        }
    }

    MacvlanNetworkDriver(DriverContext context) {
        this.names = ChainNames.forExecRoot(context.execRoot());
        this.scopes = NameScopes.of(names);
        this.upstreams = Upstreams.from(context.options().get(Upstreams.OPTION), Path.of("/etc/resolv.conf"));
        this.dnsExecutor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "berth-macvlan-dns-forward");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return "macvlan";
    }

    @Override
    public boolean supportsIpv6() {
        return true;
    }

    @Override
    public String dnsAddress(NetworkSpec spec) {
        return DNS_ADDRESS;
    }

    /** The link a parent-less network hangs its containers off: {@code dm-<12 hex of its id>}, dockerd's name. */
    static String ownLink(String networkId) {
        return "dm-" + networkId.substring(0, 12);
    }

    private String alias(String networkId) {
        return names.aliasPrefix() + "macvlan:" + networkId;
    }

    @Override
    public synchronized void createNetwork(NetworkSpec spec) {
        MacvlanOptions options = MacvlanOptions.of(spec.options());
        Net known = networks.get(spec.id());
        if (known != null) {
            if (!known.spec.equals(spec)) {
                throw EngineException.conflict("network " + spec.id() + " exists with a different configuration");
            }
            ensureParent(known);
            return;
        }
        Net net = new Net(spec, options, new NetworkState(spec));
        String parent = net.parent(names);
        for (Net other : networks.values()) {
            if (other.parent(names).equals(parent)) {
                if (options.mode().equals("passthru")) {
                    throw EngineException.invalid("cannot use mode passthru, macvlan network " + other.spec.id()
                            + " is already using parent interface " + parent);
                }
                if (other.options.mode().equals("passthru")) {
                    throw EngineException.invalid("macvlan network " + other.spec.id()
                            + " is already using parent interface " + parent + " in mode passthru");
                }
            }
        }
        ensureParent(net);
        networks.put(spec.id(), net);
        scopes.put(spec.id(), net.state);
    }

    /**
     * The parent exists: a user's interface is never made (a missing one that is no VLAN sub-interface is an
     * error, dockerd's); a VLAN sub-interface or the network's own link is made, marked ours, and brought up.
     */
    private void ensureParent(Net net) {
        String parent = net.parent(names);
        if (Links.exists(parent)) {
            return;
        }
        if (net.options.parent().isEmpty()) {
            // dockerd makes a dummy link; a veth pair serves the same (the dummy driver is not in every kernel,
            // and a macvlan follows its parent's carrier, which a veth has with both ends up)
            String peer = "dp-" + net.spec.id().substring(0, 12);
            Commands.check("link add " + parent + " type veth peer name " + peer + "\n"
                    + "link set " + parent + " alias " + alias(net.spec.id()) + "\n"
                    + "link set " + peer + " up\n"
                    + "link set " + parent + " up\n", List.of("ip", "-batch", "-"));
            return;
        }
        String[] vlan = MacvlanOptions.vlan(parent);
        if (!Links.exists(vlan[0])) {
            throw EngineException.invalid("-o parent interface was not found on the host: " + vlan[0]);
        }
        Commands.Result r = Commands.run("link add link " + vlan[0] + " name " + parent + " type vlan id " + vlan[1]
                + "\nlink set " + parent + " alias " + alias(net.spec.id()) + "\nlink set " + parent + " up\n",
                List.of("ip", "-batch", "-"));
        if (!r.ok()) {
            if (Links.exists(parent)) {
                Links.delete(parent);
            }
            throw EngineException.invalid("failed to create " + parent + " vlan link: " + firstLine(r.out()));
        }
    }

    private static String firstLine(String out) {
        String s = out.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public synchronized void deleteNetwork(String networkId) {
        Net net = networks.remove(networkId);
        scopes.remove(networkId);
        if (net == null) {
            // made by an earlier process whose journal no longer has it
            ownedParents().forEach((id, link) -> {
                if (id.equals(networkId)) {
                    Links.delete(link);
                }
            });
            return;
        }
        for (EndpointSpec ep : List.copyOf(net.state.endpoints.values())) {
            leave(ep);
        }
        removeParentIfUnused(net);
    }

    /** A parent this driver made goes with the last network on it. */
    private void removeParentIfUnused(Net net) {
        String parent = net.parent(names);
        if (!Links.alias(parent).startsWith(names.aliasPrefix() + "macvlan:")) {
            return;
        }
        for (Net other : networks.values()) {
            if (other.parent(names).equals(parent)) {
                // another network uses it: it is that one's now
                Commands.run(List.of("ip", "link", "set", parent, "alias", alias(other.spec.id())));
                return;
            }
        }
        Links.delete(parent);
    }

    /** Links this driver made on the host, by the network id in their alias. */
    private Map<String, String> ownedParents() {
        String prefix = names.aliasPrefix() + "macvlan:";
        Map<String, String> found = new LinkedHashMap<>();
        try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
            for (Path link : links.toList()) {
                String name = link.getFileName().toString();
                String alias = Links.alias(name);
                if (alias.startsWith(prefix)) {
                    found.put(alias.substring(prefix.length()), name);
                }
            }
        } catch (IOException e) {
            throw EngineException.unavailable("cannot list /sys/class/net", e);
        }
        return found;
    }

    @Override
    public Endpoint join(EndpointSpec ep) {
        Net net;
        synchronized (this) {
            net = networks.get(ep.networkId());
            Netns.requireJoinable(net, ep.networkId(), ep.netnsPath());
            if (!ep.ports().isEmpty()) {
                // dockerd passes over them in silence; a port the user asked for is refused, not dropped
                throw EngineException.invalid("published ports are not supported on macvlan network "
                        + net.spec.name() + ": its containers are reached at their own addresses");
            }
            EndpointSpec current = net.state.endpoints.get(ep.containerId());
            if (current != null) {
                leave(current);
            }
            net.state.endpoints.put(ep.containerId(), ep);
        }
        try {
            addLink(net, ep);
            Links.configureInside(ep, net.internal());
            ensureResolver(ep);
        } catch (RuntimeException e) {
            synchronized (this) {
                net.state.endpoints.remove(ep.containerId(), ep);
                closeResolverIfUnused(ep.containerId());
            }
            deleteInside(ep);
            throw e;
        }
        // no host end: the container's interface hangs off the parent
        return new Endpoint("", ep.interfaceName(), ep.mac());
    }

    /** The container's macvlan, made directly inside its namespace with its final name and MAC. */
    private void addLink(Net net, EndpointSpec ep) {
        String parent = net.parent(names);
        if (!Links.exists(parent)) {
            throw EngineException.invalid("the requested parent interface " + parent + " was not found on the host");
        }
        List<String> cmd = new ArrayList<>(List.of("ip", "link", "add", "link", parent, "name", ep.interfaceName(),
                "address", ep.mac()));
        if (net.options.mtu() > 0) {
            cmd.addAll(List.of("mtu", String.valueOf(net.options.mtu())));
        }
        cmd.addAll(List.of("netns", ep.netnsPath().toString(), "type", "macvlan", "mode", net.options.mode()));
        Commands.Result r = Commands.run(cmd);
        if (!r.ok() && r.out().contains("File exists")) {
            // left in the namespace by a crash between link add and our bookkeeping
            deleteInside(ep);
            r = Commands.run(cmd);
        }
        if (!r.ok()) {
            throw EngineException.unavailable("failed to create the macvlan port: " + firstLine(r.out()), null);
        }
    }

    private static void deleteInside(EndpointSpec ep) {
        if (Netns.mounted(ep.netnsPath())) {
            Commands.run(List.of("nsenter", "--net=" + ep.netnsPath(), "ip", "link", "del", ep.interfaceName()));
        }
    }

    /** The container's resolver on 127.0.0.11:53 in its namespace, made with its first macvlan endpoint. */
    private void ensureResolver(EndpointSpec ep) {
        String container = ep.containerId();
        synchronized (this) {
            if (resolvers.containsKey(container)) {
                return;
            }
        }
        DnsServer server;
        try {
            NetnsSockets.Bound bound = NetnsSockets.bind(ep.netnsPath(), new InetSocketAddress(DNS_ADDRESS, 53));
            server = new DnsServer(bound, new DnsServer.Names() {
                @Override
                public List<Integer> resolve(String name, InetAddress client) {
                    List<EndpointSpec> found = resolveFor(container, name);
                    return found == null ? null : NetworkState.ipv4Of(found);
                }

                @Override
                public List<byte[]> resolve6(String name, InetAddress client) {
                    List<EndpointSpec> found = resolveFor(container, name);
                    return found == null ? List.of() : NetworkState.ipv6Of(found);
                }

                @Override
                public List<InetSocketAddress> upstreams(InetAddress client) {
                    return upstreamsFor(container);
                }
            }, upstreams, dnsExecutor);
        } catch (IOException e) {
            throw EngineException.unavailable("cannot start the embedded DNS in the container's namespace: " + e.getMessage(), e);
        }
        synchronized (this) {
            if (resolvers.putIfAbsent(container, server) != null) {
                server.close();
                return;
            }
        }
        try {
            server.start();
        } catch (IOException e) {
            resolvers.remove(container, server);
            server.close();
            throw EngineException.unavailable("cannot start the embedded DNS in the container's namespace: " + e.getMessage(), e);
        }
    }

    private void closeResolverIfUnused(String container) {
        for (Net net : networks.values()) {
            if (net.state.endpoints.containsKey(container)) {
                return;
            }
        }
        DnsServer server = resolvers.remove(container);
        if (server != null) {
            server.close();
        }
    }

    /** The macvlan networks a container is on, in a stable order (by name). */
    private List<Net> networksOf(String container) {
        List<Net> on = new ArrayList<>();
        for (Net net : networks.values()) {
            if (net.state.endpoints.containsKey(container)) {
                on.add(net);
            }
        }
        on.sort(java.util.Comparator.comparing(n -> n.spec.name()));
        return on;
    }

    /**
     * A name as the container sees it: its link aliases, then the names on its networks, then NAME.NETWORK — over
     * every network it is on with names, its bridge networks' too, its macvlan networks first (by name).
     */
    List<EndpointSpec> resolveFor(String container, String name) {
        List<NetworkState> scope = new ArrayList<>();
        networksOf(container).forEach(n -> scope.add(n.state));
        List<NetworkState> others = new ArrayList<>();
        for (NetworkState net : scopes.values()) {
            if (!scope.contains(net) && net.spec.embeddedDns() && net.endpoints.containsKey(container)) {
                others.add(net);
            }
        }
        others.sort(java.util.Comparator.comparing(n -> n.spec.name()));
        scope.addAll(others);
        List<EndpointSpec> found = BridgeNetworkDriver.resolveIn(scope, container, name);
        String lower = name.toLowerCase(Locale.ROOT);
        for (int i = 0; found == null && i < scope.size(); i++) {
            String suffix = "." + scope.get(i).spec.name().toLowerCase(Locale.ROOT);
            if (lower.length() > suffix.length() && lower.endsWith(suffix)) {
                found = BridgeNetworkDriver.resolveIn(List.of(scope.get(i)), container,
                        name.substring(0, name.length() - suffix.length()));
            }
        }
        return found;
    }

    /** Nothing leaves when all the container's networks are internal; its own --dns, else the host's. */
    private List<InetSocketAddress> upstreamsFor(String container) {
        List<Net> on = networksOf(container);
        if (on.stream().allMatch(Net::internal)) {
            return List.of();
        }
        EndpointSpec ep = on.get(0).state.endpoints.get(container);
        if (ep == null || ep.dnsServers().isEmpty()) {
            return null;
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (String server : ep.dnsServers()) {
            out.add(new InetSocketAddress(server, 53));
        }
        return out;
    }

    @Override
    public void leave(EndpointSpec ep) {
        EndpointSpec known = null;
        synchronized (this) {
            Net net = networks.get(ep.networkId());
            if (net != null) {
                known = net.state.endpoints.remove(ep.containerId());
            }
            closeResolverIfUnused(ep.containerId());
        }
        // the interface as it was joined; one this driver does not know is never deleted by a name that another
        // network's interface may have: it goes with the namespace
        if (known != null) {
            deleteInside(known);
        }
    }

    @Override
    public synchronized void updateNames(String networkId, String containerId, List<String> dnsNames) {
        Net net = networks.get(networkId);
        if (net != null) {
            net.state.endpoints.computeIfPresent(containerId, (id, ep) -> ep.withDnsNames(dnsNames));
        }
    }

    @Override
    public synchronized void updatePorts(String networkId, String containerId,
                                         List<dev.berth.spi.network.PortMapping> ports) {
        Net net = networks.get(networkId);
        if (net != null && net.state.endpoints.containsKey(containerId) && !ports.isEmpty()) {
            throw EngineException.invalid("published ports are not supported on macvlan network " + net.spec.name());
        }
    }

    @Override
    public synchronized List<EndpointSpec> restore(List<NetworkSpec> specs, List<EndpointSpec> endpoints) {
        resolvers.values().forEach(DnsServer::close);
        resolvers.clear();
        networks.keySet().forEach(scopes::remove);
        networks.clear();
        Set<String> wanted = new HashSet<>();
        specs.forEach(s -> wanted.add(s.id()));
        ownedParents().forEach((id, link) -> {
            if (!wanted.contains(id)) {
                Links.delete(link);
            }
        });
        for (NetworkSpec spec : specs) {
            Net net = new Net(spec, MacvlanOptions.of(spec.options()), new NetworkState(spec));
            networks.put(spec.id(), net);
            scopes.put(spec.id(), net.state);
            try {
                ensureParent(net);
            } catch (RuntimeException e) {
                // a user's parent that is gone: its containers cannot be wired until it is back
                LOG.warn("macvlan network {}: {}", spec.name(), e.getMessage());
            }
        }
        List<EndpointSpec> lost = new ArrayList<>();
        for (EndpointSpec ep : endpoints) {
            Net net = networks.get(ep.networkId());
            if (net == null || !Netns.mounted(ep.netnsPath())) {
                lost.add(ep);
                continue;
            }
            try {
                Commands.Result inside = Commands.run(List.of("nsenter", "--net=" + ep.netnsPath(), "ip", "link", "show",
                        ep.interfaceName()));
                if (!inside.ok()) {
                    addLink(net, ep);
                }
                Links.configureInside(ep, net.internal());
                net.state.endpoints.put(ep.containerId(), ep);
                ensureResolver(ep);
            } catch (RuntimeException e) {
                LOG.warn("macvlan endpoint of {} on {}: {}", ep.containerId().substring(0, 12), net.spec.name(),
                        e.getMessage());
                net.state.endpoints.remove(ep.containerId());
                lost.add(ep);
            }
        }
        return lost;
    }

    @Override
    public void close() {
        resolvers.values().forEach(DnsServer::close);
        resolvers.clear();
        networks.keySet().forEach(scopes::remove);
        dnsExecutor.shutdownNow();
    }
}
