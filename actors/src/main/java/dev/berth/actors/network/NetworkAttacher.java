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

    public NetworkAttacher(NetworkService networks, Sandboxes sandboxes) {
        this.networks = networks;
        this.sandboxes = sandboxes;
    }

    /** Wires the container's networks; returns how the runtime should set up its network. */
    public ContainerSpec.NetworkSetup attach(ContainerInfo info) {
        HostConfig h = info.hostConfig();
        List<NetworkRequest> requests = info.networks().isEmpty()
                ? List.of(request(networks.view().resolve("bridge").config()))
                : info.networks();
        NetworkConfig primary = config(requests.get(0));
        networks.awaitReady();
        if (primary.driver().equals("host")) {
            return new ContainerSpec.NetworkSetup(ContainerSpec.NetworkMode.HOST, null, h.dns(), h.dnsSearch(),
                    h.dnsOptions(), extraHosts(h), List.of());
        }
        if (primary.driver().equals("null")) {
            return new ContainerSpec.NetworkSetup(ContainerSpec.NetworkMode.NONE, null, h.dns(), h.dnsSearch(),
                    h.dnsOptions(), extraHosts(h), List.of());
        }
        long t0 = System.nanoTime();
        var netns = sandboxes.create(info.id());
        phase(info.id(), "netns create", t0);
        try {
            // Ports are published through the first network that reaches outside, as dockerd's gateway
            // endpoint: compose puts a service on its internal network first when that sorts first.
            int gateway = 0;
            while (gateway < requests.size() - 1 && config(requests.get(gateway)).internal()) {
                gateway++;
            }
            List<String> ips = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                ips.add(join(info, requests.get(i), "eth" + i, i == gateway));
            }
            // the embedded DNS answers on the gateways of berthd's own drivers' networks; a plugin's
            // network has none there, so its containers use the host's resolvers
            List<String> dns = !h.dns().isEmpty() ? h.dns()
                    : primary.builtIn() || !networks.drivers().containsKey(primary.driver()) ? List.of()
                    : List.of(primary.gateway());
            return new ContainerSpec.NetworkSetup(ContainerSpec.NetworkMode.NAMESPACE, netns, dns, h.dnsSearch(),
                    h.dnsOptions(), extraHosts(h), ips);
        } catch (RuntimeException e) {
            detach(info.id());
            throw e;
        }
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

    /** Joins one network (at start, or {@code network connect} of a running container); returns the address. */
    public String join(ContainerInfo info, NetworkRequest request, String interfaceName, boolean publish) {
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
                        request.ipv4(), request.aliases(), ports, r, request.mac())));
        t0 = phase(info.id(), "endpoint journaled (address)", t0);
        try {
            networks.driver(net).join(spec(net, endpoint, interfaceName));
            phase(info.id(), "driver join (veth, addresses, iptables)", t0);
        } catch (EngineException e) {
            leaveEntity(net.id(), info.id());
            throw e.kind() == ErrorKind.CONFLICT ? portFailure(info, e) : e;
        }
        return endpoint.ip();
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
            networks.driver(net).leave(spec(net, e, "eth0"));
        } catch (RuntimeException ex) {
            LOG.warn("network {}: leaving endpoint of {} failed: {}", net.name(), e.containerId(), ex.getMessage());
        }
        leaveEntity(net.id(), e.containerId());
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
        Map<String, List<EndpointSpec>> endpoints = new HashMap<>();
        for (NetworkState.Active n : networks.view().all()) {
            for (Endpoint e : n.endpoints().values()) {
                if (running.contains(e.containerId())) {
                    if (NetworkService.wired(n.config())) {
                        endpoints.computeIfAbsent(n.config().driver(), d -> new ArrayList<>())
                                .add(spec(n.config(), e, interfaceName(containers, e.containerId(), n.config().id())));
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
            var specs = networks.networksOf(name).stream().map(NetworkService::spec).toList();
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

    private static String interfaceName(Collection<ContainerState> containers, String containerId, String networkId) {
        for (ContainerState c : containers) {
            if (c.info().id().equals(containerId)) {
                var nets = c.info().networks();
                for (int i = 0; i < nets.size(); i++) {
                    if (nets.get(i).networkId().equals(networkId)) {
                        return "eth" + i;
                    }
                }
            }
        }
        return "eth0";
    }

    private EndpointSpec spec(NetworkConfig net, Endpoint e, String interfaceName) {
        int prefix = Ipv4.Cidr.parse(net.subnet()).prefix();
        List<String> names = new ArrayList<>();
        if (!net.builtIn()) {
            names.add(e.containerName());
            names.add(e.containerId().substring(0, 12));
            names.addAll(e.aliases());
        }
        List<PortMapping> ports = e.ports().stream()
                .map(p -> new PortMapping(p.hostIp().isEmpty() ? PortMapping.ANY : p.hostIp(), p.hostPort(),
                        p.containerPort(), p.protocol()))
                .toList();
        return new EndpointSpec(net.id(), e.containerId(), sandboxes.path(e.containerId()), interfaceName,
                e.ip() + "/" + prefix, e.mac(), net.internal() ? null : net.gateway(), names, ports);
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
            Set<String> used = new HashSet<>();
            for (NetworkState.Active n : networks.view().all()) {
                n.endpoints().values().forEach(e -> e.ports().forEach(p -> used.add(p.protocol() + "/" + p.hostPort())));
            }
            List<Endpoint.PortBinding> out = new ArrayList<>();
            for (PortBinding b : wanted) {
                String proto = b.protocol().word();
                int hp = b.hostPort() == 0 ? freePort(b.hostIp(), proto, used) : b.hostPort();
                if (used.contains(proto + "/" + hp)) {
                    throw EngineException.conflict("Bind for " + (b.hostIp().isEmpty() ? "0.0.0.0" : b.hostIp()) + ":" + hp
                            + " failed: port is already allocated");
                }
                used.add(proto + "/" + hp);
                out.add(new Endpoint.PortBinding(b.hostIp(), hp, b.containerPort(), proto));
            }
            return out;
        }
    }

    /** A port the kernel says is free now (from the ephemeral range, as Docker's allocator uses). */
    private static int freePort(String hostIp, String proto, Set<String> used) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try {
                InetAddress addr = hostIp.isEmpty() ? null : InetAddress.getByName(hostIp);
                if (proto.equals("udp")) {
                    try (var s = new DatagramSocket(new InetSocketAddress(addr, 0))) {
                        port = s.getLocalPort();
                    }
                } else {
                    try (var s = new ServerSocket()) {
                        s.bind(new InetSocketAddress(addr, 0));
                        port = s.getLocalPort();
                    }
                }
            } catch (IOException e) {
                throw EngineException.unavailable("no free host port: " + e.getMessage(), e);
            }
            if (!used.contains(proto + "/" + port)) {
                return port;
            }
        }
        throw EngineException.unavailable("no free host port", null);
    }
}
