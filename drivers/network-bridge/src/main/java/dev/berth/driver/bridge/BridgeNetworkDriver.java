package dev.berth.driver.bridge;

import dev.berth.spi.DriverContext;
import dev.berth.spi.EngineException;
import dev.berth.spi.network.EndpointSpec;
import dev.berth.spi.network.Ipv4Cidr;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkSpec;
import dev.berth.spi.network.PortMapping;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux bridge networks. Host state (bridges, veths, rules in our chains) is made to match the
 * specs the engine hands in; in memory the driver keeps only what it was told since it started (or
 * restored). Its bookkeeping and the iptables rules are serialised on this object (one lock keeps
 * them simple and exact); a join's or leave's veth work, which touches only that container's
 * links, runs outside the lock so that parallel starts on one network overlap.
 *
 * <p>Options (daemon.json {@code network-options} / DriverContext): {@code dns.upstreams}
 * ({@code ip[:port],…}, empty for none), {@code dns.port} (default 53).
 */
final class BridgeNetworkDriver implements NetworkDriver {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeNetworkDriver.class);

    private final ChainNames names;
    private final Rules rules;
    private final Iptables iptables;
    /** The same chains in ip6tables, made when the first network with IPv6 is. */
    private final Iptables iptables6;
    private final List<InetSocketAddress> upstreams;
    private final int dnsPort;
    private final ExecutorService dnsExecutor;
    /** Written under this driver's lock; concurrent because the DNS threads read it ({@link #resolve}). */
    private final Map<String, NetworkState> networks = new java.util.concurrent.ConcurrentHashMap<>();
    /** Every network of this daemon's bridge and macvlan drivers, for names across both ({@link NameScopes}). */
    private final Map<String, NetworkState> scopes;
    private boolean baseReady;
    private boolean base6Ready;

    BridgeNetworkDriver(DriverContext context) {
        this.names = ChainNames.forExecRoot(context.execRoot());
        this.scopes = NameScopes.of(names);
        this.rules = new Rules(names);
        this.iptables = new Iptables(names);
        this.iptables6 = new Iptables(names, "ip6tables");
        this.upstreams = Upstreams.from(context.options().get(Upstreams.OPTION), Path.of("/etc/resolv.conf"));
        this.dnsPort = Integer.parseInt(context.option("dns.port", "53"));
        this.dnsExecutor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "berth-dns-forward");
            t.setDaemon(true);
            return t;
        });
    }

    ChainNames names() {
        return names;
    }

    @Override
    public String name() {
        return "bridge";
    }

    @Override
    public boolean supportsIpv6() {
        return true;
    }

    @Override
    public synchronized void createNetwork(NetworkSpec spec) {
        BridgeOptions.check(spec.options());
        if (spec.ipv6() && !spec.interContainer()) {
            throw EngineException.invalid(NetworkSpec.ICC_OPTION + "=false on a network with IPv6 is not supported by "
                    + "Berth yet");
        }
        NetworkState known = networks.get(spec.id());
        if (known != null && !known.spec.equals(spec)) {
            throw EngineException.conflict("network " + spec.id() + " exists with a different configuration");
        }
        boolean existed = Links.exists(spec.bridgeName());
        try {
            ensureBase();
            if (!spec.interContainer()) {
                ensureBridgeNetfilter();
            }
            Links.ensureBridge(spec, names.bridgeAlias(spec.id()));
            if (spec.ipv6()) {
                ensureBase6();
                iptables6.add(rules.network6(spec));
            }
            iptables.add(rules.network(spec));
            NetworkState state = known != null ? known : new NetworkState(spec);
            networks.put(spec.id(), state);
            scopes.put(spec.id(), state);
            startDns(state);
        } catch (RuntimeException e) {
            if (known == null && !existed) {
                networks.remove(spec.id());
                scopes.remove(spec.id());
                iptables.remove(rules.network(spec));
                if (spec.ipv6() && base6Ready) {
                    iptables6.remove(rules.network6(spec));
                }
                Links.delete(spec.bridgeName());
            }
            throw e;
        }
    }

    @Override
    public synchronized void deleteNetwork(String networkId) {
        NetworkState state = networks.remove(networkId);
        scopes.remove(networkId);
        if (state != null) {
            state.closeDns();
            for (EndpointSpec ep : state.endpoints.values()) {
                removeEndpointRules(state.spec, ep);
            }
            iptables.remove(rules.network(state.spec));
            if (state.spec.ipv6() && base6Ready) {
                iptables6.remove(rules.network6(state.spec));
            }
            removeBridge(state.spec.bridgeName());
        } else {
            String bridge = Links.ownedBridges(names).get(networkId);
            if (bridge != null) {
                removeForeignRules(bridge);
                removeBridge(bridge);
            }
        }
        if (networks.isEmpty()) {
            iptables.removeBaseIfEmpty();
            baseReady = false;
        }
        if (base6Ready && networks.values().stream().noneMatch(n -> n.spec.ipv6())) {
            iptables6.removeBaseIfEmpty();
            base6Ready = false;
        }
    }

    /**
     * The bookkeeping (the port check, the endpoint's place) and the rules are done under the
     * driver's lock; the veth pair and the addresses inside the netns, which touch only this
     * container's links, are made outside it, so parallel starts on one network overlap there.
     */
    @Override
    public Endpoint join(EndpointSpec ep) {
        String hostVeth = names.hostVeth(ep.networkId(), ep.containerId());
        NetworkState net;
        synchronized (this) {
            net = networks.get(ep.networkId());
            Netns.requireJoinable(net, ep.networkId(), ep.netnsPath());
            EndpointSpec current = net.endpoints.get(ep.containerId());
            if (current != null && current.equals(ep) && Links.exists(hostVeth)) {
                return new Endpoint(hostVeth, ep.interfaceName(), ep.mac());
            }
            if (current != null) {
                leave(current);
            }
            List<PortMapping> ports = net.spec.internal() ? List.of() : ep.ports();
            List<PortMapping> published = publishedPorts();
            for (PortMapping p : ports) {
                PortProbe.checkFamily(p, ep);
                PortProbe.checkFree(p, published);
                published.add(p);
            }
            // claimed now: a parallel join sees these ports as taken
            net.endpoints.put(ep.containerId(), ep);
        }
        try {
            Links.delete(hostVeth); // left by a crash between link add and our bookkeeping
            Links.addVeth(hostVeth, ep, net.spec);
            Links.configureInside(ep, net.spec.internal());
            synchronized (this) {
                if (networks.get(ep.networkId()) != net) {
                    throw EngineException.notFound("network " + ep.networkId() + " not found");
                }
                addEndpointRules(net.spec, ep);
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                net.endpoints.remove(ep.containerId(), ep);
                removeEndpointRules(net.spec, ep);
            }
            Links.delete(hostVeth);
            throw e;
        }
        return new Endpoint(hostVeth, ep.interfaceName(), ep.mac());
    }

    @Override
    public void leave(EndpointSpec ep) {
        synchronized (this) {
            NetworkState net = networks.get(ep.networkId());
            if (net != null) {
                EndpointSpec known = net.endpoints.remove(ep.containerId());
                removeEndpointRules(net.spec, known != null ? known : ep);
            }
        }
        // deleting the host end takes the container end with it, wherever the netns is; this
        // container's own link, so no lock
        Links.delete(names.hostVeth(ep.networkId(), ep.containerId()));
    }

    @Override
    public synchronized void updatePorts(String networkId, String containerId, List<PortMapping> ports) {
        NetworkState net = networks.get(networkId);
        EndpointSpec current = net == null ? null : net.endpoints.get(containerId);
        if (current == null) {
            return;
        }
        List<PortMapping> wanted = net.spec.internal() ? List.of() : ports;
        List<PortMapping> published = publishedPorts();
        published.removeAll(current.ports());
        for (PortMapping p : wanted) {
            PortProbe.checkFamily(p, current);
            PortProbe.checkFree(p, published);
            published.add(p);
        }
        EndpointSpec next = current.withPorts(wanted);
        removeEndpointRules(net.spec, current);
        net.endpoints.put(containerId, next);
        addEndpointRules(net.spec, next);
    }

    @Override
    public synchronized void updateNames(String networkId, String containerId, List<String> dnsNames) {
        NetworkState net = networks.get(networkId);
        if (net != null) {
            net.endpoints.computeIfPresent(containerId, (id, ep) -> ep.withDnsNames(dnsNames));
        }
    }

    @Override
    public synchronized List<EndpointSpec> restore(List<NetworkSpec> specs, List<EndpointSpec> endpoints) {
        networks.values().forEach(NetworkState::closeDns);
        networks.keySet().forEach(scopes::remove);
        networks.clear();
        Set<Rule> desired = new LinkedHashSet<>();
        Set<Rule> desired6 = new LinkedHashSet<>();
        if (!specs.isEmpty()) {
            ensureBase();
        }
        if (specs.stream().anyMatch(NetworkSpec::ipv6)) {
            ensureBase6();
        }
        // Ours but not in the journal (by network id: a wiped data root leaves a bridge of the same
        // name behind for a network that no longer exists) goes first, so its name can be reused.
        Set<String> wantedIds = new HashSet<>();
        specs.forEach(spec -> wantedIds.add(spec.id()));
        Links.ownedBridges(names).forEach((id, bridge) -> {
            if (!wantedIds.contains(id)) {
                removeBridge(bridge);
            }
        });
        // a bridge with IPv6 that the journal now has without (the default bridge after a start without --ipv6):
        // its rules in ip6tables go too, even with no network left with IPv6
        Map<String, List<String>> with6 = Links.globalIpv6();
        boolean stale6 = specs.stream().anyMatch(spec -> !spec.ipv6() && with6.containsKey(spec.bridgeName()));
        for (NetworkSpec spec : specs) {
            if (!spec.interContainer()) {
                ensureBridgeNetfilter();
            }
            Links.ensureBridge(spec, names.bridgeAlias(spec.id()));
            if (spec.ipv6()) {
                desired6.addAll(rules.network6(spec));
            }
            NetworkState state = new NetworkState(spec);
            networks.put(spec.id(), state);
            scopes.put(spec.id(), state);
            desired.addAll(rules.network(spec));
        }
        List<EndpointSpec> lost = new ArrayList<>();
        Set<String> liveVeths = new HashSet<>();
        for (EndpointSpec ep : endpoints) {
            NetworkState net = networks.get(ep.networkId());
            String hostVeth = names.hostVeth(ep.networkId(), ep.containerId());
            if (net == null || !Netns.mounted(ep.netnsPath())) {
                Links.delete(hostVeth);
                lost.add(ep);
                continue;
            }
            if (!net.spec.bridgeName().equals(Links.master(hostVeth))) {
                Links.delete(hostVeth);
                Links.addVeth(hostVeth, ep, net.spec);
                Links.configureInside(ep, net.spec.internal());
            }
            liveVeths.add(hostVeth);
            net.endpoints.put(ep.containerId(), ep);
            desired.addAll(rules.endpoint(net.spec, ep));
            if (net.spec.ipv6()) {
                desired6.addAll(rules.endpoint6(net.spec, ep));
            }
        }
        for (NetworkState net : networks.values()) {
            for (String port : Links.ports(net.spec.bridgeName())) {
                if (!liveVeths.contains(port)) {
                    Links.delete(port);
                }
            }
        }
        if (specs.isEmpty()) {
            iptables.sync(Set.of());
            iptables.removeBaseIfEmpty();
            baseReady = false;
        } else {
            iptables.sync(desired);
        }
        if (!desired6.isEmpty()) {
            iptables6.sync(desired6);
        } else if ((specs.isEmpty() || stale6) && Commands.find("ip6tables").isPresent()) {
            // nothing left at all (berthd-net-cleanup): whatever of ours is in ip6tables goes too. A start with
            // networks but none with IPv6 does not look (a dozen ip6tables runs at every restart): only a data root
            // wiped under a running daemon's exec root could have left chains there, and the cleanup takes them.
            iptables6.sync(Set.of());
            iptables6.removeBaseIfEmpty();
            base6Ready = false;
        }
        networks.values().forEach(this::startDns);
        return lost;
    }

    @Override
    public void checkDeviceAvailable(NetworkSpec spec) {
        String br = spec.bridgeName();
        if (!Links.exists(br)) {
            return;
        }
        String alias = Links.alias(br);
        // Ours by alias: this network's bridge, or one a wiped data root left, which restore replaces.
        if (Links.isBridge(br) && alias.startsWith(names.aliasPrefix())) {
            return;
        }
        if (Links.isBridge(br) && alias.startsWith(ChainNames.ALIAS_ROOT)) {
            throw EngineException.conflict("bridge " + br + " belongs to another berthd (its alias is " + alias
                    + "); two daemons cannot share a bridge");
        }
        throw EngineException.conflict("bridge name " + br + " is already in use by "
                + (Links.isBridge(br) ? "a bridge" : "an interface") + " this daemon did not create"
                + (alias.isEmpty() ? "" : " (alias " + alias + ")"));
    }

    @Override
    public synchronized void close() {
        networks.values().forEach(NetworkState::closeDns);
        networks.keySet().forEach(scopes::remove);
        dnsExecutor.shutdownNow();
    }

    /**
     * ip6tables' chains and jumps, and IPv6 forwarding on (as dockerd turns it on for its IPv6 networks; the chains
     * let in only the answers to what containers sent out, so the host routes nothing else to them).
     */
    private void ensureBase6() {
        if (!base6Ready) {
            if (Commands.find("ip6tables").isEmpty()) {
                throw EngineException.unavailable("a network with IPv6 needs ip6tables, which is not installed", null);
            }
            Links.sysctl("net/ipv6/conf/all/forwarding", "1");
            iptables6.ensureBase();
            base6Ready = true;
        }
    }

    /** An endpoint's published ports into the tables: IPv4's, and IPv6's for those on an IPv6 host address. */
    private void addEndpointRules(NetworkSpec net, EndpointSpec ep) {
        iptables.add(rules.endpoint(net, ep));
        Set<Rule> six = rules.endpoint6(net, ep);
        if (!six.isEmpty()) {
            iptables6.add(six);
        }
    }

    private void removeEndpointRules(NetworkSpec net, EndpointSpec ep) {
        iptables.remove(rules.endpoint(net, ep));
        if (base6Ready) {
            iptables6.remove(rules.endpoint6(net, ep));
        }
    }

    private void ensureBase() {
        if (!baseReady) {
            Links.sysctl("net/ipv4/ip_forward", "1");
            iptables.ensureBase();
            baseReady = true;
        }
    }

    private List<PortMapping> publishedPorts() {
        List<PortMapping> all = new ArrayList<>();
        for (NetworkState net : networks.values()) {
            if (!net.spec.internal()) {
                net.endpoints.values().forEach(ep -> all.addAll(ep.ports()));
            }
        }
        return all;
    }

    private void startDns(NetworkState state) {
        if (!state.spec.embeddedDns() || state.dns != null) {
            return;
        }
        InetSocketAddress at = new InetSocketAddress(state.spec.gateway(), dnsPort);
        try {
            // internal networks have no way out, names included
            state.dns = new DnsServer(at, new DnsServer.Names() {
                        @Override
                        public List<Integer> resolve(String name, java.net.InetAddress client) {
                            List<EndpointSpec> found = BridgeNetworkDriver.this.resolveEndpoints(state, name, client);
                            return found == null ? null : NetworkState.ipv4Of(found);
                        }

                        @Override
                        public List<byte[]> resolve6(String name, java.net.InetAddress client) {
                            List<EndpointSpec> found = BridgeNetworkDriver.this.resolveEndpoints(state, name, client);
                            return found == null ? List.of() : NetworkState.ipv6Of(found);
                        }

                        @Override
                        public List<InetSocketAddress> upstreams(java.net.InetAddress client) {
                            return ownUpstreams(state, client);
                        }
                    }, state.spec.internal() ? List.of() : upstreams, dnsExecutor)
                    .start();
        } catch (IOException e) {
            LOG.warn("embedded DNS for network {} cannot listen on {}: {}", state.spec.name(), at, e.toString());
        }
    }

    /**
     * A name as the container that asks {@code asked}'s server sees it, as dockerd's embedded DNS resolves per
     * container: over every network the container is on (the asked one first), the container's link aliases
     * there first, then the network's names; then {@code NAME.NETWORK} the same way for each of them. A client
     * that is no endpoint of the network sees that network's names only.
     */
    List<EndpointSpec> resolveEndpoints(NetworkState asked, String name, java.net.InetAddress client) {
        List<NetworkState> scope = new ArrayList<>();
        String container = containerAt(asked, client);
        if (container == null || asked.endpoints.containsKey(container)) {
            scope.add(asked);
        }
        if (container != null) {
            // the container's other networks, macvlan ones included
            for (NetworkState net : scopes.values()) {
                if (net != asked && net.spec.embeddedDns() && net.endpoints.containsKey(container)) {
                    scope.add(net);
                }
            }
        }
        List<EndpointSpec> found = resolveIn(scope, container, name);
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; found == null && i < scope.size(); i++) {
            NetworkState net = scope.get(i);
            String suffix = "." + net.spec.name().toLowerCase(java.util.Locale.ROOT);
            if (lower.length() > suffix.length() && lower.endsWith(suffix)) {
                found = resolveIn(List.of(net), container, name.substring(0, name.length() - suffix.length()));
            }
        }
        return found;
    }

    /**
     * A container's own DNS servers ({@code --dns} on a user network: its resolv.conf names the embedded DNS,
     * which forwards what is not a container's name to them, as dockerd's does); null: the host's. Nothing goes
     * out of an internal network.
     */
    List<InetSocketAddress> ownUpstreams(NetworkState asked, java.net.InetAddress client) {
        String container = containerAt(asked, client);
        EndpointSpec ep = container == null ? null : endpointOf(container);
        if (ep == null || ep.dnsServers().isEmpty()) {
            return null;
        }
        if (asked.spec.internal()) {
            return List.of();
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (String server : ep.dnsServers()) {
            out.add(new InetSocketAddress(server, 53));
        }
        return out;
    }

    /**
     * The container the client address belongs to: an endpoint of the asked network, else of another of this
     * driver's networks (their subnets do not overlap) — a container that left the network its resolv.conf names
     * still reaches that server through its other networks, and is answered for those.
     */
    private String containerAt(NetworkState asked, java.net.InetAddress client) {
        String container = asked.containerAt(client);
        for (var it = networks.values().iterator(); container == null && it.hasNext(); ) {
            NetworkState net = it.next();
            container = net == asked ? null : net.containerAt(client);
        }
        return container;
    }

    private EndpointSpec endpointOf(String container) {
        for (NetworkState net : networks.values()) {
            EndpointSpec ep = net.endpoints.get(container);
            if (ep != null) {
                return ep;
            }
        }
        return null;
    }

    /** The container's link alias on one of the networks, else a name registered there. */
    static List<EndpointSpec> resolveIn(List<NetworkState> scope, String container, String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        for (NetworkState net : scope) {
            EndpointSpec own = container == null ? null : net.endpoints.get(container);
            if (own == null) {
                continue;
            }
            for (var link : own.links().entrySet()) {
                if (link.getKey().toLowerCase(java.util.Locale.ROOT).equals(lower)) {
                    List<EndpointSpec> target = net.named(link.getValue());
                    if (target != null) {
                        return target;
                    }
                }
            }
        }
        for (NetworkState net : scope) {
            List<EndpointSpec> found = net.named(name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * Frames bridged between two containers pass iptables only with br_netfilter and
     * {@code bridge-nf-call-iptables} on: what {@code enable_icc=false}'s DROP needs (dockerd turns it on
     * the same way). Loads the module when its sysctl is missing.
     */
    static void ensureBridgeNetfilter() {
        Path sysctl = Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables");
        if (!Files.exists(sysctl)) {
            Commands.run(List.of("modprobe", "br_netfilter"));
        }
        try {
            if (!Files.readString(sysctl).strip().equals("1")) {
                Files.writeString(sysctl, "1");
            }
        } catch (java.io.IOException e) {
            throw EngineException.unavailable("com.docker.network.bridge.enable_icc=false needs br_netfilter's "
                    + sysctl + " set to 1: " + e.getMessage(), e);
        }
    }

    private void removeBridge(String bridge) {
        for (String port : Links.ports(bridge)) {
            Links.delete(port);
        }
        Links.delete(bridge);
    }

    /** Rules of a network this driver instance never heard of: found by bridge name and subnet. */
    private void removeForeignRules(String bridge) {
        Ipv4Cidr subnet = Links.subnetOf(bridge);
        Set<Rule> stale = new LinkedHashSet<>();
        for (Rule r : iptables.current()) {
            String spec = " " + r.spec() + " ";
            if (spec.contains(" " + bridge + " ") || (subnet != null && mentions(r.spec(), subnet))) {
                stale.add(r);
            }
        }
        iptables.reload();
        iptables.remove(stale);
        if (base6Ready) {
            Set<Rule> stale6 = new LinkedHashSet<>();
            for (Rule r : iptables6.current()) {
                if ((" " + r.spec() + " ").contains(" " + bridge + " ")) {
                    stale6.add(r);
                }
            }
            iptables6.reload();
            iptables6.remove(stale6);
        }
    }

    private static boolean mentions(String spec, Ipv4Cidr subnet) {
        for (String token : spec.split(" ")) {
            String t = token.replaceAll("(/32|:\\d+)$", "");
            if (t.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") && !t.startsWith("127.") && subnet.contains(t)) {
                return true;
            }
        }
        return spec.contains("-s " + subnet.network() + " ");
    }
}
