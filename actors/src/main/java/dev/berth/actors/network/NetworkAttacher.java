package dev.berth.actors.network;

import dev.berth.actors.support.Done;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.NetworkRequest;
import dev.berth.persistence.container.PortBinding;
import dev.berth.persistence.network.Endpoint;
import dev.berth.persistence.network.NetworkConfig;
import dev.berth.persistence.network.NetworkState;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.network.EndpointSpec;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkSpec;
import dev.berth.spi.network.PortMapping;
import dev.berth.spi.network.Sandboxes;
import dev.berth.spi.runtime.ContainerSpec;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Optional;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a starting container on its networks and takes it off when it stops: a netns per container,
 * an address journaled by the network entity, then the driver's veth, routes, ports and names.
 * Host ports are chosen under one lock, so two containers never get the same one.
 */
public final class NetworkAttacher {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkAttacher.class);
    private static final Logger PHASE = LoggerFactory.getLogger("berth.phase");

    private final NetworkService networks;
    private final Sandboxes sandboxes;
    private final NetworkDefaults defaults;
    /** Per {@code hostIp/proto/START-END}: the port that range gave last (in memory, as dockerd's); under the class lock. */
    private final Map<String, Integer> rangeCursors = new HashMap<>();

    public NetworkAttacher(NetworkService networks, Sandboxes sandboxes) {
        this(networks, sandboxes, NetworkDefaults.NONE);
    }

    /** @param defaults the daemon's DNS settings, for a container that gives none of its own */
    public NetworkAttacher(NetworkService networks, Sandboxes sandboxes, NetworkDefaults defaults) {
        this.networks = networks;
        this.sandboxes = sandboxes;
        this.defaults = defaults;
    }

    /** Wires the container's networks; returns how the runtime should set up its network. */
    public ContainerSpec.NetworkSetup attach(ContainerInfo info) {
        HostConfig h = info.hostConfig();
        if (info.config().networkDisabled()) {
            // a namespace with loopback only, as --network none, whatever the mode says
            return new ContainerSpec.NetworkSetup(ContainerSpec.NetworkMode.NONE, null, defaults.dns(h.dns()),
                    defaults.dnsSearch(h.dnsSearch()), defaults.dnsOptions(h.dnsOptions()), extraHosts(h), List.of());
        }
        List<NetworkRequest> requests = info.networks().isEmpty()
                ? List.of(request(networks.view().resolve("bridge").config()))
                : info.networks();
        NetworkConfig primary = config(requests.get(0));
        networks.awaitReady();
        if (primary.driver().equals("host")) {
            return new ContainerSpec.NetworkSetup(ContainerSpec.NetworkMode.HOST, null, defaults.dns(h.dns()),
                    defaults.dnsSearch(h.dnsSearch()), defaults.dnsOptions(h.dnsOptions()), extraHosts(h), List.of());
        }
        if (primary.driver().equals("null")) {
            return new ContainerSpec.NetworkSetup(ContainerSpec.NetworkMode.NONE, null, defaults.dns(h.dns()),
                    defaults.dnsSearch(h.dnsSearch()), defaults.dnsOptions(h.dnsOptions()), extraHosts(h), List.of());
        }
        long t0 = System.nanoTime();
        var netns = sandboxes.create(info.id());
        phase(info.id(), "netns create", t0);
        try {
            // The default route and the published ports go through the gateway endpoint, chosen as dockerd
            // chooses it (gatewayIndex); each network's interface is eth<its place in the container's list>.
            int gateway = gatewayIndex(requests);
            int gateway6 = gateway6Index(requests);
            List<String> ips = new ArrayList<>();
            Map<String, Integer> next = new HashMap<>();
            for (int i = 0; i < requests.size(); i++) {
                // eth0, eth1 … in order (each network's container_iface_prefix counting on its own, as
                // dockerd's), but for those whose ifname driver option names them
                String ifname = requests.get(i).ifname();
                if (ifname.isEmpty()) {
                    String prefix = ifacePrefix(config(requests.get(i)));
                    int n = next.merge(prefix, 1, Integer::sum) - 1;
                    ifname = prefix + n;
                }
                ips.add(join(info, requests.get(i), ifname, i == gateway, i == gateway, i == gateway6));
            }
            // with an embedded DNS, a container's own --dns servers are where it forwards (as dockerd's)
            List<String> dns = embeddedDns(requests);
            if (dns.isEmpty()) {
                dns = defaults.dns(h.dns());
            }
            return new ContainerSpec.NetworkSetup(ContainerSpec.NetworkMode.NAMESPACE, netns, dns,
                    defaults.dnsSearch(h.dnsSearch()), defaults.dnsOptions(h.dnsOptions()), extraHosts(h), ips);
        } catch (RuntimeException e) {
            detach(info.id());
            throw e;
        }
    }

    /**
     * The embedded DNS the container asks: it answers on the gateways of berthd's own drivers' user networks
     * (a plugin's network has none there), for every network the container is on; the first such network
     * that is not internal (an internal one's server does not forward), else the first. None: the host's
     * resolvers, as on the default bridge alone.
     */
    private List<String> embeddedDns(List<NetworkRequest> requests) {
        NetworkConfig chosen = null;
        String address = null;
        for (NetworkRequest r : requests) {
            NetworkConfig c = config(r);
            NetworkDriver driver = networks.drivers().get(c.driver());
            if (!c.builtIn() && driver != null && !c.gateway().isEmpty()
                    && (chosen == null || chosen.internal() && !c.internal())) {
                // the gateway (the bridge driver's server on the host), or one inside the container (macvlan's)
                String at = driver.dnsAddress(networks.spec(c));
                if (at != null && !at.isEmpty()) {
                    chosen = c;
                    address = at;
                }
            }
        }
        return chosen == null ? List.of() : List.of(address);
    }

    /** `--log-level debug`: one line per phase of a start's network set-up. */
    private static long phase(String id, String what, long since) {
        long now = System.nanoTime();
        if (PHASE.isDebugEnabled()) {
            PHASE.debug("{} {} {} ms", id.substring(0, 12), what, (now - since) / 1_000_000.0);
        }
        return now;
    }

    private List<String> extraHosts(HostConfig h) {
        return HostGateway.resolve(h.extraHosts(), networks.hostGatewayIps());
    }

    /**
     * Joins one network at start; returns the address.
     *
     * @param publish the container's published ports go through this endpoint
     * @param gateway this endpoint gives the container its default route
     * @param gateway6 this endpoint gives the container its default IPv6 route
     */
    private String join(ContainerInfo info, NetworkRequest request, String interfaceName, boolean publish,
                        boolean gateway, boolean gateway6) {
        networks.awaitReady();
        NetworkConfig net = config(request);
        List<Endpoint.PortBinding> ports;
        try {
            ports = publish ? choosePorts(info, net) : List.of();
        } catch (EngineException e) {
            throw e.kind() == ErrorKind.CONFLICT ? portFailure(info, e) : e;
        }
        long t0 = System.nanoTime();
        Endpoint endpoint = networks.ask().<NetworkRegistry.Envelope, Endpoint>call(networks.entities(),
                r -> new NetworkRegistry.Envelope(net.id(), new NetworkCommand.Join(info.id(), info.name(),
                        request.ipv4(), request.aliases(), ports, r, request.mac(), interfaceName, request.links(),
                        request.ipv6())));
        t0 = phase(info.id(), "endpoint journaled (address)", t0);
        try {
            networks.driver(net).join(spec(net, endpoint, interfaceName, gateway, gateway6,
                    defaults.dns(info.hostConfig().dns())));
            phase(info.id(), "driver join (veth, addresses, iptables)", t0);
        } catch (EngineException e) {
            leaveEntity(net.id(), info.id());
            throw e.kind() == ErrorKind.CONFLICT ? portFailure(info, e) : e;
        }
        try {
            InterfaceSysctls.apply(sandboxes.path(info.id()), interfaceName,
                    request.driverOpts().getOrDefault(NetworkRequest.SYSCTLS, ""));
            if (!request.linkLocalIps().isEmpty()) {
                // --link-local-ip: each with a /16 on the interface, as dockerd adds them
                StringBuilder batch = new StringBuilder();
                request.linkLocalIps().forEach(ip -> batch.append("addr add ").append(ip).append("/16 dev ")
                        .append(interfaceName).append('\n'));
                Routes.run(sandboxes.path(info.id()), batch.toString(), false);
            }
        } catch (EngineException e) {
            leave(net, endpoint); // the start (or connect) fails whole, as dockerd's does
            throw e;
        }
        return endpoint.ip();
    }

    /**
     * {@code network connect} of a running container ({@code info} already lists the network): the endpoint
     * gets the interface after the highest the container has (dockerd counts up too: a name freed by a
     * disconnect is not taken again), then the default route goes where {@link #gatewayIndex} says, which
     * may be the new network now.
     */
    public void connect(ContainerInfo info, NetworkRequest request) {
        String prefix = ifacePrefix(config(request));
        int next = 0;
        for (String name : interfaces(info).values()) {
            if (name.startsWith(prefix) && name.substring(prefix.length()).matches("\\d+")) {
                next = Math.max(next, Integer.parseInt(name.substring(prefix.length())) + 1);
            }
        }
        String ifname = request.ifname().isEmpty() ? prefix + next : request.ifname();
        if (interfaces(info).containsValue(ifname)) {
            throw EngineException.invalid("interface name " + ifname + " is already in use in the container");
        }
        join(info, request, ifname, false, false, false);
        applyGateway(info, List.of());
    }

    /**
     * {@code network disconnect} of a running container ({@code info} no longer lists the network): leaves it,
     * then the default route, and the published ports if they went through it, move to the gateway endpoint
     * among those left ({@link #applyGateway}), as dockerd moves them.
     */
    public void disconnect(ContainerInfo info, String networkId) {
        List<Endpoint.PortBinding> carried = networks.view().get(networkId)
                .map(n -> n.endpoints().get(info.id())).map(Endpoint::ports).orElse(List.of());
        leave(info.id(), networkId);
        applyGateway(info, carried);
    }

    /**
     * {@code docker rename} of a container with endpoints (it runs): each endpoint answers to the new name,
     * on the embedded DNS too (the old name no longer resolves), as dockerd renames its endpoints.
     */
    public void rename(String containerId, String name) {
        networks.awaitReady();
        for (NetworkState.Active n : networks.view().all()) {
            if (!n.endpoints().containsKey(containerId)) {
                continue;
            }
            Endpoint renamed = networks.ask().<NetworkRegistry.Envelope, Endpoint>call(networks.entities(),
                    r -> new NetworkRegistry.Envelope(n.config().id(), new NetworkCommand.Rename(containerId, name, r)));
            if (renamed != null && NetworkService.wired(n.config()) && networks.drivers().containsKey(n.config().driver())) {
                networks.driver(n.config()).updateNames(n.config().id(), containerId,
                        spec(n.config(), renamed, "eth0", false).dnsNames());
            }
        }
    }

    /**
     * The default route of a running container after its networks changed ({@code network connect} and
     * {@code disconnect}): through the gateway endpoint among those it has now, or none when no network
     * reaches outside. A container on the host's or another container's network has nothing to change.
     */
    public void applyGateway(ContainerInfo info, List<Endpoint.PortBinding> carried) {
        List<NetworkRequest> on = new ArrayList<>();
        Map<String, String> names = interfaces(info);
        for (NetworkRequest r : requests(info)) {
            if (names.containsKey(r.networkId())) {
                on.add(r);
            }
        }
        if (on.isEmpty() || !java.nio.file.Files.exists(sandboxes.path(info.id()))) {
            return;
        }
        int gateway = gatewayIndex(on);
        String batch = gateway < 0 ? "route del default\n"
                : "route replace default via " + config(on.get(gateway)).gateway() + " dev "
                        + names.get(on.get(gateway).networkId()) + "\n";
        Routes.run(sandboxes.path(info.id()), batch, gateway < 0);
        // IPv6 has a default route of its own, through the first network with IPv6 in the same order
        List<NetworkRequest> on6 = on.stream().filter(r -> config(r).ipv6()).toList();
        int gateway6 = gatewayIndex(on6);
        if (gateway6 >= 0) {
            Routes.run(sandboxes.path(info.id()), "route replace ::/0 via " + config(on6.get(gateway6)).gateway6()
                    + " dev " + names.get(on6.get(gateway6).networkId()) + "\n", false);
        } else {
            Routes.run(sandboxes.path(info.id()), "route del ::/0\n", true);
        }
        if (gateway >= 0) {
            movePorts(info, on, on.get(gateway).networkId(), carried);
        }
    }

    /** The network whose IPv6 gateway is the container's default IPv6 route: {@link #gatewayIndex} among those with IPv6. */
    int gateway6Index(List<NetworkRequest> requests) {
        List<NetworkRequest> with6 = requests.stream()
                .filter(r -> networks.view().get(r.networkId()).map(n -> n.config().ipv6()).orElse(false)).toList();
        int g = gatewayIndex(with6);
        return g < 0 ? -1 : requests.indexOf(with6.get(g));
    }

    /**
     * The published ports onto the gateway endpoint: from the endpoint that has them now, or those a
     * disconnected one had ({@code carried}); the host ports stay the ones chosen at start. A failure leaves the
     * network change done and is logged (the ports are where they could be put).
     */
    private void movePorts(ContainerInfo info, List<NetworkRequest> on, String gatewayId,
                           List<Endpoint.PortBinding> carried) {
        List<Endpoint.PortBinding> ports = carried;
        NetworkConfig holder = null;
        for (NetworkRequest r : on) {
            Optional<NetworkState.Active> n = networks.view().get(r.networkId());
            Endpoint e = n.map(x -> x.endpoints().get(info.id())).orElse(null);
            if (e != null && !e.ports().isEmpty()) {
                holder = n.get().config();
                ports = e.ports();
            }
        }
        if (ports.isEmpty() || (holder != null && holder.id().equals(gatewayId))) {
            return;
        }
        try {
            if (holder != null) {
                setPorts(holder, info.id(), List.of());
            }
            setPorts(config(on.stream().filter(r -> r.networkId().equals(gatewayId)).findFirst().orElseThrow()),
                    info.id(), ports);
        } catch (RuntimeException e) {
            LOG.warn("container {}: moving its published ports to its gateway network failed: {}",
                    info.id().substring(0, 12), e.getMessage());
        }
    }

    private void setPorts(NetworkConfig net, String containerId, List<Endpoint.PortBinding> ports) {
        Endpoint e = networks.ask().<NetworkRegistry.Envelope, Endpoint>call(networks.entities(),
                r -> new NetworkRegistry.Envelope(net.id(), new NetworkCommand.SetPorts(containerId, ports, r)));
        if (e != null && networks.drivers().containsKey(net.driver())) {
            networks.driver(net).updatePorts(net.id(), containerId, spec(net, e, "eth0", false).ports());
        }
    }

    /**
     * Which of {@code requests} gives the container its default route, as dockerd's sandbox orders its
     * endpoints: the highest {@code GwPriority}, then one that is not internal, then the first network by name;
     * an internal network never does. -1 when every one is internal (or the list is empty).
     */
    int gatewayIndex(List<NetworkRequest> requests) {
        int best = -1;
        NetworkConfig bestConfig = null;
        for (int i = 0; i < requests.size(); i++) {
            Optional<NetworkConfig> c = networks.view().get(requests.get(i).networkId()).map(NetworkState.Active::config);
            if (c.isEmpty() || c.get().internal()) {
                continue;
            }
            if (best < 0 || requests.get(i).gwPriority() > requests.get(best).gwPriority()
                    || (requests.get(i).gwPriority() == requests.get(best).gwPriority()
                            && c.get().name().compareTo(bestConfig.name()) < 0)) {
                best = i;
                bestConfig = c.get();
            }
        }
        return best;
    }

    /** The networks the container is on: those it lists, or the default bridge when it lists none. */
    private List<NetworkRequest> requests(ContainerInfo info) {
        return info.networks().isEmpty() ? List.of(request(networks.view().resolve("bridge").config())) : info.networks();
    }

    /** Network id → the container's interface on it, for each network it has an endpoint on now. */
    private Map<String, String> interfaces(ContainerInfo info) {
        Map<String, String> out = new HashMap<>();
        for (NetworkState.Active n : networks.view().all()) {
            Endpoint e = n.endpoints().get(info.id());
            if (e != null) {
                out.put(n.config().id(), interfaceOf(info, n.config().id(), e));
            }
        }
        return out;
    }

    /** The name the network's interfaces get before their number: its container_iface_prefix, else eth. */
    static String ifacePrefix(NetworkConfig net) {
        String prefix = net.options().getOrDefault(NetworkSpec.IFACE_PREFIX_OPTION, "");
        return prefix.isEmpty() ? "eth" : prefix;
    }

    /** The endpoint's journaled interface; before names were journaled, eth<the network's place in the list>. */
    private static String interfaceOf(ContainerInfo info, String networkId, Endpoint e) {
        if (!e.interfaceName().isEmpty()) {
            return e.interfaceName();
        }
        var nets = info.networks();
        for (int i = 0; i < nets.size(); i++) {
            if (nets.get(i).networkId().equals(networkId)) {
                return "eth" + i;
            }
        }
        return "eth0";
    }

    /**
     * A host port taken (by another container or a host process) as dockerd reports it: a 500 (a system
     * error there, so docker-java throws InternalServerErrorException, not ConflictException) naming the
     * endpoint, inside dockerd 28's "failed to set up container networking" (docker-py shows it whole).
     */
    private static EngineException portFailure(ContainerInfo info, EngineException e) {
        return new EngineException(ErrorKind.INTERNAL, "failed to set up container networking: "
                + "driver failed programming external connectivity on endpoint "
                + info.name() + " (" + info.id().substring(0, 12) + "): " + e.getMessage(), e);
    }

    /** The container's address on the default bridge, if it is on it (legacy links name it). */
    public Optional<String> defaultBridgeAddress(String containerId) {
        return Optional.ofNullable(networks.view().resolve("bridge").endpoints().get(containerId))
                .map(Endpoint::ip);
    }

    /** The container's address on one network, if it is on it. */
    public Optional<String> addressOn(String networkId, String containerId) {
        return networks.view().all().stream().filter(n -> n.config().id().equals(networkId)).findFirst()
                .map(n -> n.endpoints().get(containerId)).map(Endpoint::ip);
    }

    /** Takes the container off every network it is on and removes its netns. Idempotent. */
    public void detach(String containerId) {
        networks.awaitReady();
        for (NetworkState.Active n : networks.view().all()) {
            Endpoint e = n.endpoints().get(containerId);
            if (e != null) {
                leave(n.config(), e);
            }
        }
        sandboxes.delete(containerId);
    }

    /** {@code network disconnect} of a running container. */
    public void leave(String containerId, String networkId) {
        networks.awaitReady();
        networks.view().get(networkId).ifPresent(n -> {
            Endpoint e = n.endpoints().get(containerId);
            if (e != null) {
                leave(n.config(), e);
            }
        });
    }

    private void leave(NetworkConfig net, Endpoint e) {
        try {
            // the interface as joined (journaled with the endpoint; "eth0" for one journaled before names were)
            networks.driver(net).leave(spec(net, e, e.interfaceName().isEmpty() ? "eth0" : e.interfaceName(), false));
        } catch (RuntimeException ex) {
            LOG.warn("network {}: leaving endpoint of {} failed: {}", net.name(), e.containerId(), ex.getMessage());
        }
        leaveEntity(net.id(), e.containerId());
    }

    /**
     * {@code network disconnect --force} of a container that no longer exists (dockerd's
     * ForceEndpointDelete): the network's endpoint of that name goes, host side and journal.
     *
     * @throws EngineException NOT_FOUND "endpoint NAME not found" when the network has none
     */
    public void forceLeave(String networkRef, String name) {
        NetworkConfig net = networks.view().resolve(networkRef).config();
        Endpoint e = networks.view().resolve(networkRef).endpoints().values().stream()
                .filter(x -> x.containerName().equals(name) || x.containerId().equals(name))
                .findFirst()
                .orElseThrow(() -> EngineException.notFound("endpoint " + name + " not found"));
        leave(net, e);
    }

    private void leaveEntity(String networkId, String containerId) {
        networks.ask().<NetworkRegistry.Envelope, Done>call(networks.entities(),
                r -> new NetworkRegistry.Envelope(networkId, new NetworkCommand.Leave(containerId, r)));
    }

    /**
     * After a daemon restart: endpoints of containers no longer running are released, then each
     * driver makes the host match the journal for its own networks (bridges, rules, DNS, running
     * containers' endpoints) — every driver is asked, also one with no network left, so it removes
     * what it made for networks that are gone.
     */
    public void restore(Collection<ContainerState> containers) {
        // each network's entity wakes first: its state, not the view folded at start, says which endpoints exist
        for (NetworkState.Active n : networks.view().all()) {
            networks.ask().<NetworkRegistry.Envelope, Done>call(networks.entities(),
                    r -> new NetworkRegistry.Envelope(n.config().id(), new NetworkCommand.Sync(r)));
        }
        Set<String> running = new HashSet<>();
        for (ContainerState c : containers) {
            if (c instanceof ContainerState.Running || c instanceof ContainerState.Starting) {
                running.add(c.info().id());
            }
        }
        Map<String, ContainerInfo> infos = new HashMap<>();
        for (ContainerState c : containers) {
            if (running.contains(c.info().id())) {
                infos.put(c.info().id(), c.info());
            }
        }
        Map<String, String> gateways = new HashMap<>(); // container id → the network of its default route
        Map<String, String> gateways6 = new HashMap<>(); // … of its default IPv6 route
        infos.values().forEach(i -> {
            List<NetworkRequest> rs = requests(i);
            int g = gatewayIndex(rs);
            if (g >= 0) {
                gateways.put(i.id(), rs.get(g).networkId());
            }
            int g6 = gateway6Index(rs);
            if (g6 >= 0) {
                gateways6.put(i.id(), rs.get(g6).networkId());
            }
        });
        Map<String, List<EndpointSpec>> endpoints = new HashMap<>();
        for (NetworkState.Active n : networks.view().all()) {
            for (Endpoint e : n.endpoints().values()) {
                if (running.contains(e.containerId())) {
                    if (NetworkService.wired(n.config())) {
                        ContainerInfo info = infos.get(e.containerId());
                        endpoints.computeIfAbsent(n.config().driver(), d -> new ArrayList<>())
                                .add(spec(n.config(), e, info == null ? "eth0" : interfaceOf(info, n.config().id(), e),
                                        n.config().id().equals(gateways.get(e.containerId())),
                                        n.config().id().equals(gateways6.get(e.containerId())),
                                        info == null ? defaults.dns() : defaults.dns(info.hostConfig().dns())));
                    }
                } else {
                    // one that cannot be released now must not keep the others: the next start tries again
                    try {
                        leave(n.config(), e);
                        sandboxes.delete(e.containerId());
                    } catch (RuntimeException ex) {
                        LOG.warn("network {}: releasing the endpoint of {}, which does not run, failed: {}",
                                n.config().name(), e.containerId(), ex.getMessage());
                    }
                }
            }
        }
        for (NetworkState.Active n : networks.view().all()) {
            if (NetworkService.wired(n.config()) && !networks.drivers().containsKey(n.config().driver())) {
                // a Docker network plugin keeps its own state; any other driver is missing
                LOG.info("network {}: its driver {} is not one of berthd's own; not restored here", n.config().name(),
                        n.config().driver());
            }
        }
        networks.drivers().forEach((name, driver) -> {
            var specs = networks.networksOf(name).stream().map(networks::spec).toList();
            try {
                var lost = driver.restore(specs, endpoints.getOrDefault(name, List.of()));
                if (!lost.isEmpty()) {
                    LOG.info("{} endpoints of {} networks could not be restored (their namespaces are gone)",
                            lost.size(), name);
                }
            } catch (RuntimeException ex) {
                LOG.error("restoring the {} networks failed: {}", name, ex.getMessage(), ex);
            }
        });
    }

    /** For what a driver needs to find the endpoint, its names and its ports by. */
    private EndpointSpec spec(NetworkConfig net, Endpoint e, String interfaceName, boolean gateway) {
        return spec(net, e, interfaceName, gateway, gateway, List.of());
    }

    /**
     * @param gateway    the endpoint gives the container its default route (the network's gateway, unless internal)
     * @param dnsServers the container's {@code --dns}: where the embedded DNS forwards its queries
     */
    private EndpointSpec spec(NetworkConfig net, Endpoint e, String interfaceName, boolean gateway, boolean gateway6,
                              List<String> dnsServers) {
        int prefix = Ipv4.Cidr.parse(net.subnet()).prefix();
        List<String> names = new ArrayList<>();
        if (!net.builtIn()) {
            names.add(e.containerName());
            names.add(e.containerId().substring(0, 12));
            names.addAll(e.aliases());
        }
        String ipv6 = null;
        if (net.ipv6() && !e.ip6().isEmpty()) {
            ipv6 = e.ip6() + "/" + dev.berth.spi.network.Ipv6Cidr.parse(net.subnet6()).prefix();
        }
        List<PortMapping> ports = new ArrayList<>();
        for (Endpoint.PortBinding p : e.ports()) {
            if (p.hostIp().isEmpty()) {
                // no address named: every IPv4 one, and every IPv6 one when the endpoint has IPv6 (dockerd binds both)
                ports.add(new PortMapping(PortMapping.ANY, p.hostPort(), p.containerPort(), p.protocol()));
                if (ipv6 != null) {
                    ports.add(new PortMapping(PortMapping.ANY6, p.hostPort(), p.containerPort(), p.protocol()));
                }
            } else {
                ports.add(new PortMapping(p.hostIp(), p.hostPort(), p.containerPort(), p.protocol()));
            }
        }
        Map<String, String> links = new LinkedHashMap<>();
        for (String link : e.links()) {
            int colon = link.indexOf(':');
            links.put(link.substring(colon + 1), link.substring(0, colon)); // NAME:ALIAS, normalised at create
        }
        return new EndpointSpec(net.id(), e.containerId(), sandboxes.path(e.containerId()), interfaceName,
                e.ip() + "/" + prefix, e.mac(), net.internal() || !gateway ? null : net.gateway(), names, ports,
                links, dnsServers, ipv6, net.internal() || !gateway6 || ipv6 == null ? null : net.gateway6());
    }

    private NetworkConfig config(NetworkRequest request) {
        return networks.view().get(request.networkId())
                .orElseThrow(() -> EngineException.notFound("network " + request.networkName() + " not found"))
                .config();
    }

    private static NetworkRequest request(NetworkConfig c) {
        return new NetworkRequest(c.id(), c.name(), "", List.of());
    }

    /** Published ports with host ports chosen: the asked one, or a free one for {@code -p 80} and {@code -P}. */
    private List<Endpoint.PortBinding> choosePorts(ContainerInfo info, NetworkConfig net) {
        HostConfig h = info.hostConfig();
        if (net.internal()) {
            return List.of();
        }
        List<PortBinding> wanted = new ArrayList<>(h.portBindings());
        if (h.publishAllPorts()) {
            Set<String> bound = new HashSet<>();
            h.portBindings().forEach(p -> bound.add(p.key()));
            for (String exposed : info.config().exposedPorts()) {
                PortBinding any = PortBinding.parse(exposed, "", "");
                if (!bound.contains(any.key())) {
                    wanted.add(any);
                }
            }
        }
        synchronized (NetworkAttacher.class) {
            HostPorts used = new HostPorts();
            for (NetworkState.Active n : networks.view().all()) {
                n.endpoints().values().forEach(e -> e.ports().forEach(p -> used.add(p.hostIp(), p.protocol(), p.hostPort())));
            }
            List<Endpoint.PortBinding> out = new ArrayList<>();
            // the network's com.docker.network.bridge.host_binding_ipv4 is the address of a binding that names none
            String byDefault = networks.options(net).getOrDefault(NetworkSpec.HOST_BINDING_OPTION, "");
            byDefault = byDefault.equals(PortMapping.ANY) ? "" : byDefault;
            for (PortBinding b : wanted) {
                String proto = b.protocol().word();
                String hostIp = b.hostIp().isEmpty() ? byDefault : b.hostIp();
                checkIpv6HostIp(hostIp, b, net);
                int hp = b.hostRange() ? portInRange(hostIp, proto, b.hostPort(), b.hostPortEnd(), used)
                        : b.hostPort() == 0 ? freePort(hostIp, proto, used) : b.hostPort();
                if (used.taken(hostIp, proto, hp)) {
                    throw EngineException.conflict("Bind for " + (hostIp.isEmpty() ? "0.0.0.0" : hostIp) + ":" + hp
                            + " failed: port is already allocated");
                }
                used.add(hostIp, proto, hp);
                out.add(new Endpoint.PortBinding(hostIp, hp, b.containerPort(), proto));
            }
            return out;
        }
    }

    /**
     * A port on an IPv6 host address ({@code -p [::]:8080:80}) goes to the container's IPv6 address by DNAT, as
     * dockerd's without its userland proxy: refused when the container has none on this network (dockerd's proxy
     * would carry it to IPv4; Berth runs none, and dockerd without one passes over it silently), and on {@code ::1},
     * which the kernel does not route to another interface (IPv4's 127.0.0.1 has route_localnet; IPv6 has nothing).
     */
    private static void checkIpv6HostIp(String hostIp, PortBinding b, NetworkConfig net) {
        if (hostIp.indexOf(':') < 0) {
            return;
        }
        String port = b.containerPort() + "/" + b.protocol().word();
        if (!net.ipv6()) {
            throw EngineException.invalid("cannot publish port " + port + " on IPv6 address " + hostIp + ": network "
                    + net.name() + " has no IPv6, and Berth runs no userland proxy to carry IPv6 to an IPv4-only "
                    + "container (create the network with --ipv6)");
        }
        if (dev.berth.spi.network.Ipv6Cidr.canonical(hostIp).equals("::1")) {
            throw EngineException.invalid("cannot publish port " + port + " on ::1: IPv6's loopback is not routed to "
                    + "a container without a userland proxy, which Berth does not run (publish on :: and use another "
                    + "of the host's IPv6 addresses)");
        }
    }

    /**
     * A port of {@code -p START-END:…}: as dockerd's allocator, the first after the last one this range gave
     * (wrapping to its start) that no container holds and the host can bind now; "all ports are allocated"
     * when there is none. Called under the class lock choosePorts holds.
     */
    private int portInRange(String hostIp, String proto, int start, int end, HostPorts used) {
        String range = hostIp + "/" + proto + "/" + start + "-" + end;
        int port = rangeCursors.getOrDefault(range, end);
        for (int tried = 0; tried <= end - start; tried++) {
            port = port >= end ? start : port + 1;
            if (!used.taken(hostIp, proto, port) && bindable(hostIp, proto, port)) {
                rangeCursors.put(range, port);
                return port;
            }
        }
        throw EngineException.conflict("all ports are allocated");
    }

    private static boolean bindable(String hostIp, String proto, int port) {
        if (!proto.equals("tcp") && !proto.equals("udp")) {
            return true; // sctp: the JDK cannot bind it portably; the bookkeeping alone decides
        }
        try {
            bind(hostIp, proto, port);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Binds {@code port} (0: any) on the host for a moment; the port the kernel gave. */
    private static int bind(String hostIp, String proto, int port) throws IOException {
        InetAddress addr = hostIp.isEmpty() ? null : InetAddress.getByName(hostIp);
        if (proto.equals("udp")) {
            try (var s = new DatagramSocket(new InetSocketAddress(addr, port))) {
                return s.getLocalPort();
            }
        }
        try (var s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(addr, port));
            return s.getLocalPort();
        }
    }

    /** A port the kernel says is free now (from the ephemeral range, as Docker's allocator uses). */
    private static int freePort(String hostIp, String proto, HostPorts used) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try {
                port = bind(hostIp, proto, 0);
            } catch (IOException e) {
                throw EngineException.unavailable("no free host port: " + e.getMessage(), e);
            }
            if (!used.taken(hostIp, proto, port)) {
                return port;
            }
        }
        throw EngineException.unavailable("no free host port", null);
    }

    /**
     * The host ports this daemon's endpoints hold, with their addresses, as dockerd's port allocator keeps them per
     * address: a claim is taken when protocol and port match and the addresses overlap — the same one, or one that
     * stands for every address of the other's family ({@code 0.0.0.0}, {@code ::}; "" is every address of both).
     * So {@code -p 127.0.0.1:80:80} and {@code -p 127.0.0.2:80:80} both run, and {@code -p 80:80} then does not.
     */
    static final class HostPorts {
        private final List<String[]> held = new ArrayList<>();

        void add(String hostIp, String proto, int port) {
            held.add(new String[] {hostIp, proto, Integer.toString(port)});
        }

        boolean taken(String hostIp, String proto, int port) {
            String p = Integer.toString(port);
            for (String[] h : held) {
                if (h[2].equals(p) && h[1].equals(proto) && overlap(h[0], hostIp)) {
                    return true;
                }
            }
            return false;
        }

        static boolean overlap(String a, String b) {
            boolean a6 = a.indexOf(':') >= 0;
            boolean b6 = b.indexOf(':') >= 0;
            if (!a.isEmpty() && !b.isEmpty() && a6 != b6) {
                return false;
            }
            if (any(a) || any(b)) {
                return true;
            }
            return a6 ? dev.berth.spi.network.Ipv6Cidr.canonical(a).equals(dev.berth.spi.network.Ipv6Cidr.canonical(b))
                    : a.equals(b);
        }

        private static boolean any(String ip) {
            return ip.isEmpty() || ip.equals(PortMapping.ANY) || (ip.indexOf(':') >= 0
                    && dev.berth.spi.network.Ipv6Cidr.canonical(ip).equals(PortMapping.ANY6));
        }
    }
}
