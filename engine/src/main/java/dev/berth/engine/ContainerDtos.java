package dev.berth.engine;

import dev.berth.actors.container.ContainerService;
import dev.berth.actors.logs.LogShippers;
import dev.berth.actors.network.NetworkView;
import dev.berth.api.model.ContainerCreateRequest;
import dev.berth.api.model.Port;
import dev.berth.persistence.container.NetworkRequest;
import dev.berth.persistence.network.Endpoint;
import dev.berth.persistence.network.NetworkState;
import java.nio.file.Files;
import dev.berth.api.model.ContainerInspect;
import dev.berth.api.backend.Versioned;
import dev.berth.api.model.ContainerSummary;
import dev.berth.api.model.DriverData;
import dev.berth.api.model.EndpointSettings;
import dev.berth.api.model.MountPoint;
import dev.berth.api.model.NetworkSettings;
import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerHealth;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.volume.VolumeConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Docker's container JSON from the engine's records, and back. */
final class ContainerDtos {
    private final Path dataRoot;
    private final NetworkView networks;
    private final Path netnsDir;
    private final MountPoints mounts;
    private final Function<ContainerInfo, ContainerHealth> health;
    private final boolean asOf;

    ContainerDtos(Path dataRoot, NetworkView networks, Path netnsDir, MountPoints mounts) {
        this(dataRoot, networks, netnsDir, mounts, i -> null);
    }

    /** @param health a container's {@code State.Health}, null when it has none */
    ContainerDtos(Path dataRoot, NetworkView networks, Path netnsDir, MountPoints mounts,
                  Function<ContainerInfo, ContainerHealth> health) {
        this.dataRoot = dataRoot;
        this.networks = networks;
        this.netnsDir = netnsDir;
        this.mounts = mounts;
        this.health = health;
        this.asOf = false;
    }

    private ContainerDtos(ContainerDtos live, NetworkView networks, MountPoints mounts,
                          Function<ContainerInfo, ContainerHealth> health) {
        this.dataRoot = live.dataRoot;
        this.networks = networks;
        this.netnsDir = live.netnsDir;
        this.mounts = mounts;
        this.health = health;
        this.asOf = true;
    }

    ContainerDtos withHealth(Function<ContainerInfo, ContainerHealth> next) {
        return new ContainerDtos(dataRoot, networks, netnsDir, mounts, next);
    }

    /** The same renderer over other networks and health: those of an earlier instant ({@code at=}). */
    ContainerDtos asOf(NetworkView then, Function<String, Optional<VolumeConfig>> volumesThen,
                       Function<ContainerInfo, ContainerHealth> healthThen) {
        return new ContainerDtos(this, then, mounts.asOf(volumesThen), healthThen);
    }

    /** {@code ps --filter health=}: the status word, or {@code none} without a check. */
    String healthWord(ContainerInfo i) {
        ContainerHealth h = health.apply(i);
        return h == null ? "none" : h.status().word();
    }

    static ContainerConfig config(ContainerCreateRequest r) {
        return new ContainerConfig(r.image() == null ? "" : r.image(), r.hostname(), r.domainname(), r.user(), r.env(),
                r.cmd(), r.entrypoint(), r.workingDir(), r.labels(), keys(r.exposedPorts()), keys(r.volumes()),
                r.tty(), r.openStdin(), r.stopSignal(), r.stopTimeout(), r.stdinOnce(), Healthchecks.parse(r.healthcheck()),
                Boolean.TRUE.equals(r.networkDisabled()),
                new ContainerConfig.Attach(r.attachStdin(), r.attachStdout(), r.attachStderr()));
    }

    /** NetworkingConfig.EndpointsConfig: per network name, {@code --ip} and {@code --network-alias}. */
    static Map<String, ContainerService.EndpointRequest> endpoints(dev.berth.api.model.NetworkingConfig n) {
        Map<String, ContainerService.EndpointRequest> out = new TreeMap<>();
        if (n == null || n.endpointsConfig() == null) {
            return out;
        }
        n.endpointsConfig().forEach((name, e) -> {
            String ip = null;
            List<String> linkLocal = new ArrayList<>();
            if (e != null && e.ipamConfig() != null && e.ipamConfig().hasNonNull("IPv4Address")) {
                ip = e.ipamConfig().get("IPv4Address").asText();
            }
            if (e != null && e.ipamConfig() != null && e.ipamConfig().path("LinkLocalIPs").isArray()) {
                e.ipamConfig().get("LinkLocalIPs").forEach(a -> linkLocal.add(a.asText()));
            }
            String ip6 = e != null && e.ipamConfig() != null && e.ipamConfig().hasNonNull("IPv6Address")
                    ? e.ipamConfig().get("IPv6Address").asText() : null;
            out.put(name, new ContainerService.EndpointRequest(ip, e == null || e.aliases() == null ? List.of() : e.aliases(),
                    e == null ? null : e.macAddress(), e == null || e.gwPriority() == null ? 0 : e.gwPriority(),
                    e == null ? null : e.links(), e == null ? null : e.driverOpts(), linkLocal, ip6));
        });
        return out;
    }

    ContainerSummary summary(ContainerState s, Long sizeRw, Long sizeRootFs) {
        return summary(s, sizeRw, sizeRootFs, Instant.now());
    }

    /** As seen at {@code now}: "Up 5 seconds" counts to it (an earlier instant for {@code ps --at}). */
    ContainerSummary summary(ContainerState s, Long sizeRw, Long sizeRootFs, Instant now) {
        return summary(s, networksOf(s.info()), mounts.of(s.info().hostConfig()), status(s, now) + healthSuffix(s),
                sizeRw, sizeRootFs);
    }

    /**
     * The summary without sizes, with the version of what it shows ({@link Listed}): the router
     * answers {@code GET /containers/json} with the JSON it wrote before for each unchanged container.
     */
    Versioned<ContainerSummary> listed(ContainerState s, Instant now) {
        Listed shown = new Listed(this, s, networksOf(s.info()), mounts.of(s.info().hostConfig()),
                status(s, now) + healthSuffix(s));
        return new Versioned<>(s.info().id(), shown,
                () -> summary(shown.state(), shown.networks(), shown.mounts(), shown.status(), null, null));
    }

    private ContainerSummary summary(ContainerState s, NetworkState.Active[] nets, List<MountPoint> shownMounts,
                                     String status, Long sizeRw, Long sizeRootFs) {
        ContainerInfo i = s.info();
        return new ContainerSummary(i.id(), List.of("/" + i.name()), i.config().image(), i.imageId(),
                String.join(" ", i.config().argv()), i.created().getEpochSecond(), ports(i, nets), sizeRw, sizeRootFs,
                i.config().labels(), s.status(), status,
                new ContainerSummary.HostConfigSummary(i.hostConfig().networkMode(), i.hostConfig().annotations()),
                new ContainerSummary.NetworkSummary(endpoints(i, nets)), shownMounts);
    }

    /** Docker's human status column: {@code Up 5 seconds}, {@code Exited (0) 2 minutes ago}, {@code Created}. */
    static String status(ContainerState s, Instant now) {
        ContainerInfo i = s.info();
        if (s instanceof ContainerState.Running r) {
            return "Up " + HumanTime.between(i.startedAt(), now) + (r.paused() ? " (Paused)" : "");
        }
        if (restarting(s)) {
            return "Restarting (" + i.exitCode() + ") " + HumanTime.between(i.finishedAt(), now) + " ago";
        }
        if (s instanceof ContainerState.Stopped && i.finishedAt() != null) {
            return "Exited (" + i.exitCode() + ") " + HumanTime.between(i.finishedAt(), now) + " ago";
        }
        return "Created";
    }

    /** dockerd's State.String: the health follows "Up …" unless paused. */
    private String healthSuffix(ContainerState s) {
        if (!(s instanceof ContainerState.Running r) || r.paused()) {
            return "";
        }
        ContainerHealth h = health.apply(s.info());
        return h == null ? "" : Healthchecks.psSuffix(h.status());
    }

    /** In the restart policy's back-off or its start: Docker's {@code Restarting}. */
    static boolean restarting(ContainerState s) {
        return s instanceof ContainerState.Stopped st && st.restarting()
                || s instanceof ContainerState.Starting sg && sg.restarting();
    }

    ContainerInspect inspect(ContainerState s, Long sizeRw, Long sizeRootFs) {
        return inspect(shown(s), sizeRw, sizeRootFs);
    }

    /** Inspect without sizes, with the version of what it shows: {@link Shown}. */
    Versioned<ContainerInspect> inspection(ContainerState s) {
        Shown shown = shown(s);
        return new Versioned<>(s.info().id(), shown, () -> inspect(shown, null, null));
    }

    /** What an inspect of {@code s} shows, taken once: {@link Shown}. */
    private Shown shown(ContainerState s) {
        ContainerInfo i = s.info();
        boolean running = s instanceof ContainerState.Running;
        return new Shown(this, s, health.apply(i), networksOf(i), logPath(i),
                running && Files.exists(netnsDir.resolve(i.id())), mounts.of(i.hostConfig()));
    }

    private ContainerInspect inspect(Shown shown, Long sizeRw, Long sizeRootFs) {
        ContainerState s = shown.state();
        ContainerInfo i = s.info();
        var c = i.config();
        List<String> argv = c.argv();
        Path dir = dataRoot.resolve("containers").resolve(i.id());
        boolean running = s instanceof ContainerState.Running;
        int pid = s instanceof ContainerState.Running r ? r.pid() : 0;
        boolean paused = s instanceof ContainerState.Running r && r.paused();
        // as dockerd: during the restart policy's back-off the container counts as running and restarting
        boolean restarting = restarting(s);
        var state = new dev.berth.api.model.ContainerState(s.status(), running || restarting, paused, restarting,
                i.oomKilled(), false,
                pid, i.exitCode(), i.error(), HumanTime.rfc3339(i.startedAt()),
                HumanTime.rfc3339(i.finishedAt()), Healthchecks.render(shown.health()));
        Map<String, String> graph = new LinkedHashMap<>();
        graph.put("MergedDir", dir.resolve("rootfs").toString());
        graph.put("UpperDir", dir.resolve("overlay/diff").toString());
        graph.put("WorkDir", dir.resolve("overlay/work").toString());
        List<String> lowers = new ArrayList<>();
        for (String layer : i.layers()) {
            lowers.add(0, dataRoot.resolve("layers").resolve(layer.substring(7)).toString());
        }
        graph.put("LowerDir", String.join(":", lowers));
        return new ContainerInspect(i.id(), HumanTime.rfc3339(i.created()), argv.isEmpty() ? "" : argv.get(0),
                argv.size() > 1 ? argv.subList(1, argv.size()) : List.of(), state, i.imageId(),
                dir.resolve("resolv.conf").toString(), dir.resolve("hostname").toString(),
                dir.resolve("hosts").toString(), shown.logPath(),
                "/" + i.name(),
                i.restartCount(), "overlay2", "linux", "", "", "", null, HostConfigs.render(i.hostConfig(), i.name()),
                new DriverData("overlay2", graph), sizeRw, sizeRootFs, shown.mounts(), configDto(i), NetworkSettings.of(
                        "", running ? i.id().substring(0, 12) : "", shown.netns() ? netnsDir.resolve(i.id()).toString() : "",
                        portMap(i, shown.networks()), endpoints(i, shown.networks())));
    }

    /**
     * The json-file log's path once the container has run (dockerd's LogPath). Today's inspect asks the
     * disk; as of an earlier time ({@code at=}) the file of a since removed container is gone, so it is
     * the path the driver wrote to if the container had started by then.
     */
    private String logPath(ContainerInfo i) {
        if (asOf) {
            return i.startedAt() == null ? "" : LogShippers.logFile(dataRoot, i.id(), i.hostConfig().logConfig());
        }
        return LogShippers.logPath(dataRoot, i.id(), i.hostConfig().logConfig());
    }

    /**
     * Per network the container asked for: its live endpoint (address, MAC) when it runs, else blanks. As
     * dockerd, a container that has never started has not been connected yet: its NetworkID and DNSNames are
     * blank until its first start, and keep what that start gave after it stops.
     */
    private Map<String, EndpointSettings> endpoints(ContainerInfo i, NetworkState.Active[] nets) {
        Map<String, EndpointSettings> out = new TreeMap<>();
        boolean connected = i.startedAt() != null;
        for (int k = 0; k < nets.length; k++) {
            NetworkRequest r = i.networks().get(k);
            var net = Optional.ofNullable(nets[k]);
            String name = net.map(n -> n.config().name()).orElse(r.networkName());
            Endpoint e = net.map(n -> n.endpoints().get(i.id())).orElse(null);
            String gateway = net.map(n -> n.config().gateway()).orElse("");
            int prefix = net.map(n -> n.config().subnet()).filter(x -> !x.isEmpty())
                    .map(x -> Integer.parseInt(x.substring(x.indexOf('/') + 1))).orElse(0);
            boolean user = net.map(n -> !n.config().builtIn()).orElse(false);
            List<String> dnsNames = user && connected ? dnsNames(i, r) : null;
            boolean v6 = e != null && !e.ip6().isEmpty() && net.map(n -> n.config().ipv6()).orElse(false);
            String gateway6 = v6 ? net.get().config().gateway6() : "";
            int prefix6 = v6 ? Integer.parseInt(net.get().config().subnet6().substring(
                    net.get().config().subnet6().indexOf('/') + 1)) : 0;
            out.put(name, new EndpointSettings(ipamConfig(r),
                    r.links().isEmpty() ? null : r.links(), r.aliases().isEmpty() ? null : r.aliases(),
                    e == null ? "" : e.mac(), r.driverOpts().isEmpty() ? null : r.driverOpts(), r.gwPriority(),
                    connected ? r.networkId() : "",
                    e == null ? "" : NetworksBackend.endpointId(r.networkId(), i.id()), e == null ? "" : gateway,
                    e == null ? "" : e.ip(), e == null ? 0 : prefix, gateway6, v6 ? e.ip6() : "", prefix6, dnsNames));
        }
        return out;
    }

    /** What the endpoint asked for ({@code IPv4Address}, {@code LinkLocalIPs}), null when nothing. */
    private static com.fasterxml.jackson.databind.node.ObjectNode ipamConfig(NetworkRequest r) {
        if (r.ipv4().isEmpty() && r.ipv6().isEmpty() && r.linkLocalIps().isEmpty()) {
            return null;
        }
        var ipam = mapper().createObjectNode();
        if (!r.ipv4().isEmpty()) {
            ipam.put("IPv4Address", r.ipv4());
        }
        if (!r.ipv6().isEmpty()) {
            ipam.put("IPv6Address", r.ipv6());
        }
        if (!r.linkLocalIps().isEmpty()) {
            r.linkLocalIps().forEach(ipam.putArray("LinkLocalIPs")::add);
        }
        return ipam;
    }

    /** dockerd's order (the first one names the PTR records): the name, the aliases, the short id, the hostname; no repeats. */
    private static List<String> dnsNames(ContainerInfo i, NetworkRequest r) {
        var names = new java.util.LinkedHashSet<String>();
        names.add(i.name());
        names.addAll(r.aliases());
        names.add(i.id().substring(0, 12));
        String hostname = i.config().hostname();
        if (hostname != null && !hostname.isEmpty()) {
            names.add(hostname);
        }
        return List.copyOf(names);
    }

    private static com.fasterxml.jackson.databind.ObjectMapper mapper() {
        return MAPPER;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The networks the container asked for, as the view has them now (null: gone), in its order. */
    private NetworkState.Active[] networksOf(ContainerInfo i) {
        List<NetworkRequest> requests = i.networks();
        NetworkState.Active[] out = new NetworkState.Active[requests.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = networks.get(requests.get(k).networkId()).orElse(null);
        }
        return out;
    }

    /** The published ports of the container's current run (first network), as {@code ps} lists them. */
    private List<Port> ports(ContainerInfo i, NetworkState.Active[] nets) {
        List<Port> out = new ArrayList<>();
        var bound = new java.util.HashSet<String>();
        for (Endpoint.PortBinding p : publishedPorts(i, nets)) {
            bound.add(p.containerPort() + "/" + p.protocol());
            out.add(new Port(p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp(), p.containerPort(), p.hostPort(), p.protocol()));
        }
        for (String exposed : i.config().exposedPorts()) {
            if (!bound.contains(exposed)) {
                String[] pp = exposed.split("/");
                out.add(new Port(null, Integer.parseInt(pp[0]), null, pp.length > 1 ? pp[1] : "tcp"));
            }
        }
        return out;
    }

    /** NetworkSettings.Ports: every exposed port, with its host bindings when published. */
    private Map<String, List<dev.berth.api.model.HostConfig.PortBinding>> portMap(ContainerInfo i, NetworkState.Active[] nets) {
        Map<String, List<dev.berth.api.model.HostConfig.PortBinding>> out = new TreeMap<>();
        for (String exposed : i.config().exposedPorts()) {
            out.put(exposed, null);
        }
        for (Endpoint.PortBinding p : publishedPorts(i, nets)) {
            out.computeIfAbsent(p.containerPort() + "/" + p.protocol(), k -> new ArrayList<>())
                    .add(new dev.berth.api.model.HostConfig.PortBinding(p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp(),
                            Integer.toString(p.hostPort())));
        }
        return out;
    }

    /**
     * The bindings as dockerd shows them: one that names no host address is {@code 0.0.0.0}, and also {@code ::}
     * when the endpoint has an IPv6 address (the driver wires both, dockerd lists both).
     */
    private static List<Endpoint.PortBinding> publishedPorts(ContainerInfo i, NetworkState.Active[] nets) {
        List<Endpoint.PortBinding> out = new ArrayList<>();
        for (NetworkState.Active n : nets) {
            Endpoint e = n == null ? null : n.endpoints().get(i.id());
            if (e == null) {
                continue;
            }
            for (Endpoint.PortBinding p : e.ports()) {
                if (!p.hostIp().isEmpty()) {
                    out.add(p);
                    continue;
                }
                out.add(new Endpoint.PortBinding("0.0.0.0", p.hostPort(), p.containerPort(), p.protocol()));
                if (!e.ip6().isEmpty() && n.config().ipv6()) {
                    out.add(new Endpoint.PortBinding("::", p.hostPort(), p.containerPort(), p.protocol()));
                }
            }
        }
        return out;
    }

    private static dev.berth.api.model.ContainerConfig configDto(ContainerInfo i) {
        ContainerConfig c = i.config();
        String hostname = c.hostname().isEmpty() ? i.id().substring(0, 12) : c.hostname();
        // as the client sent them; a container journaled before they were shows what it showed then
        ContainerConfig.Attach a = c.attach() != null ? c.attach()
                : new ContainerConfig.Attach(false, !c.openStdin(), true);
        return new dev.berth.api.model.ContainerConfig(hostname, c.domainname(), c.user(), a.stdin(), a.stdout(),
                a.stderr(), set(c.exposedPorts()), c.tty(), c.openStdin(), c.stdinOnce(), c.env().isEmpty() ? null : c.env(),
                c.cmd().isEmpty() ? null : c.cmd(), Healthchecks.render(c.healthcheck()), c.image(), set(c.volumes()),
                c.workingDir(), c.entrypoint().isEmpty() ? null : c.entrypoint(), c.networkDisabled() ? true : null, null,
                c.labels(),
                c.stopSignal().isEmpty() ? null : c.stopSignal(), c.stopTimeout());
    }

    private static Map<String, Object> set(List<String> keys) {
        if (keys.isEmpty()) {
            return null;
        }
        Map<String, Object> m = new TreeMap<>();
        keys.forEach(k -> m.put(k, Map.of()));
        return m;
    }

    private static List<String> keys(Map<String, Object> m) {
        return m == null ? List.of() : List.copyOf(new java.util.TreeSet<>(m.keySet()));
    }
}
