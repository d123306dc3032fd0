package dev.berth.actors.container;

import dev.berth.actors.container.ContainerRegistry.Envelope;
import dev.berth.actors.image.ImageService;
import dev.berth.actors.names.NamesCommand;
import dev.berth.actors.support.Ask;
import dev.berth.actors.support.Done;
import dev.berth.actors.support.Reply;
import dev.berth.actors.support.Signals;
import dev.berth.actors.support.Workflow;
import dev.berth.image.ImageConfig;
import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.Healthcheck;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.ImageMount;
import dev.berth.persistence.container.HostConfigUpdate;
import dev.berth.persistence.container.NetworkRequest;
import dev.berth.actors.volume.VolumeService;
import dev.berth.persistence.network.NetworkState;
import dev.berth.actors.network.NetworkView;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Container workflows over the entities: create (reserve the name, then the entity, releasing the
 * name if that fails), and the lifecycle commands addressed by id, name or prefix.
 */
public final class ContainerService {
    private static final int DEFAULT_STOP_TIMEOUT = 10;
    /** What Go's os.Hostname (and so dockerd) reads. */
    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private final ActorRef<Envelope> containers;
    private final ActorRef<NamesCommand> names;
    private final ContainerView view;
    private final ImageService images;
    private final NetworkView networkView;
    private final VolumeService volumes;
    private final Ask ask;
    private volatile boolean defaultBridgeIcc = true;

    public ContainerService(ActorRef<Envelope> containers, ActorRef<NamesCommand> names, ContainerView view,
                            ImageService images, NetworkView networkView, VolumeService volumes, Ask ask) {
        this.containers = containers;
        this.names = names;
        this.view = view;
        this.images = images;
        this.networkView = networkView;
        this.volumes = volumes;
        this.ask = ask;
    }

    /** The daemon's {@code icc}: false turns off traffic between containers on the default bridge. */
    public ContainerService withDefaultBridgeIcc(boolean icc) {
        this.defaultBridgeIcc = icc;
        return this;
    }

    public ContainerView view() {
        return view;
    }

    public NetworkView networkView() {
        return networkView;
    }

    public VolumeService volumes() {
        return volumes;
    }

    /** What a create request says about one network: {@code --ip} and {@code --network-alias}. */
    public record EndpointRequest(String ipv4, List<String> aliases, String mac, int gwPriority, List<String> links,
                                  Map<String, String> driverOpts, List<String> linkLocalIps, String ipv6) {
        /** Without an IPv6 address. */
        public EndpointRequest(String ipv4, List<String> aliases, String mac, int gwPriority, List<String> links,
                               Map<String, String> driverOpts, List<String> linkLocalIps) {
            this(ipv4, aliases, mac, gwPriority, links, driverOpts, linkLocalIps, null);
        }

        /** Without link-local addresses. */
        public EndpointRequest(String ipv4, List<String> aliases, String mac, int gwPriority, List<String> links,
                               Map<String, String> driverOpts) {
            this(ipv4, aliases, mac, gwPriority, links, driverOpts, List.of());
        }

        /** Without links. */
        public EndpointRequest(String ipv4, List<String> aliases, String mac, int gwPriority) {
            this(ipv4, aliases, mac, gwPriority, List.of(), Map.of(), List.of());
        }

        /** Whether it asks for anything beyond membership: an address, a name, a MAC, a priority, links, options. */
        boolean asksForSomething() {
            return ipv4 != null && !ipv4.isEmpty() || ipv6 != null && !ipv6.isEmpty()
                    || aliases != null && !aliases.isEmpty() || mac != null && !mac.isEmpty()
                    || gwPriority != 0 || links != null && !links.isEmpty() || driverOpts != null && !driverOpts.isEmpty()
                    || linkLocalIps != null && !linkLocalIps.isEmpty();
        }

        /** Without driver options. */
        public EndpointRequest(String ipv4, List<String> aliases, String mac, int gwPriority, List<String> links) {
            this(ipv4, aliases, mac, gwPriority, links, Map.of(), List.of());
        }

        /** Without a MAC address of its own. */
        public EndpointRequest(String ipv4, List<String> aliases) {
            this(ipv4, aliases, "", 0);
        }

        /** At the default gateway priority. */
        public EndpointRequest(String ipv4, List<String> aliases, String mac) {
            this(ipv4, aliases, mac, 0);
        }
    }

    public String create(String requestedName, ContainerConfig config, HostConfig host) {
        return create(requestedName, config, host, Map.of());
    }

    /**
     * Creates a container; returns its id. The image's defaults are merged here. A workflow in
     * dockerd's order: image resolved (a missing one is the 404 the CLI answers by pulling), command
     * and networks checked, name reserved, entity created; a failure after the reservation releases
     * the name, so a refused create leaves nothing behind. Endpoints are joined at start.
     */
    public String create(String requestedName, ContainerConfig config, HostConfig host,
                         Map<String, EndpointRequest> endpoints) {
        // dockerd checks these as it reads the request, before the image or the command
        NamespaceJoins.checkNetworkMode(config, host);
        LegacyLinks.check(host, view, defaultBridgeIcc);
        String name = requestedName == null || requestedName.isEmpty() ? null : Names.validate(requestedName);
        if (!config.stopSignal().isEmpty()) {
            Signals.parse(config.stopSignal()); // dockerd checks the user's config before it looks at the image
        }
        String id = Names.newId();
        return Workflow.run("create " + id, w -> {
            String imageId = w.check("resolve image", () -> images.resolve(config.image()));
            var image = images.get(imageId);
            ContainerConfig merged = merge(config, images.config(imageId), defaultHostname(config, host));
            if (merged.argv().isEmpty()) {
                throw EngineException.invalid("no command specified");
            }
            HostConfig withImages = w.check("resolve mounted images", () -> mountedImages(host));
            if (config.networkDisabled() && (!host.portBindings().isEmpty() || host.publishAllPorts())) {
                throw EngineException.invalid("conflicting options: port publishing and NetworkDisabled");
            }
            for (var e : endpoints.entrySet()) {
                if (config.networkDisabled() && e.getValue() != null && e.getValue().asksForSomething()) {
                    throw EngineException.invalid("conflicting options: endpoint settings for network " + e.getKey()
                            + " and NetworkDisabled");
                }
            }
            // NetworkDisabled: on no network, whatever the mode (dockerd makes it no endpoint)
            List<NetworkRequest> nets = config.networkDisabled() ? List.of()
                    : w.check("resolve networks", () -> networks(host.networkMode(), endpoints));
            String finalName = w.step("reserve name", () -> reserve(name, id),
                    reserved -> names.tell(new NamesCommand.Release(reserved, id, null)));
            HostConfig withVolumes = new ContainerMounts(volumes, view).resolve(w, merged, withImages, id);
            var created = new ContainerEvent.Created(Instant.now(), id, finalName, imageId,
                    image.layers().stream().map(l -> l.chainId()).toList(), merged, withVolumes, nets);
            w.check("create entity", () -> ask.<Envelope, Done>call(containers,
                    r -> new Envelope(id, new ContainerCommand.Create(created, r))));
            return id;
        });
    }

    /**
     * {@code --mount type=image}: each image resolved to its id and layers, which the container keeps for its
     * life. A missing image is a 400, not the 404 the docker CLI would answer by pulling the container's image.
     */
    private HostConfig mountedImages(HostConfig host) {
        if (host.imageMounts().isEmpty()) {
            return host;
        }
        List<ImageMount> resolved = new ArrayList<>();
        for (ImageMount m : host.imageMounts()) {
            String imageId;
            try {
                imageId = images.resolve(m.image());
            } catch (EngineException e) {
                if (e.kind() == ErrorKind.NOT_FOUND) {
                    throw EngineException.invalid("No such image: " + m.image());
                }
                throw e;
            }
            resolved.add(m.resolved(imageId, images.get(imageId).layers().stream().map(l -> l.chainId()).toList()));
        }
        return host.toBuilder().imageMounts(resolved).build();
    }

    private String reserve(String name, String id) {
        if (name != null) {
            ask.<NamesCommand, Done>call(names, r -> new NamesCommand.Reserve(name, id, r));
            return name;
        }
        for (int attempt = 0; ; attempt++) {
            String candidate = Names.randomName() + (attempt > 3 ? String.valueOf(attempt) : "");
            try {
                ask.<NamesCommand, Done>call(names, r -> new NamesCommand.Reserve(candidate, id, r));
                return candidate;
            } catch (EngineException e) {
                if (e.kind() != ErrorKind.CONFLICT || attempt > 20) {
                    throw e;
                }
            }
        }
    }

    /** The networks asked for, primary (NetworkMode) first, resolved to ids with Docker's checks. */
    List<NetworkRequest> networks(String mode, Map<String, EndpointRequest> endpoints) {
        if (mode.startsWith("container:")) {
            // on another container's namespace: no network of its own (the runtime joins at start)
            return List.of();
        }
        String primary = mode.equals("default") ? "bridge" : mode;
        List<NetworkRequest> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        names.add(primary);
        endpoints.keySet().stream().filter(n -> !n.equals(primary) && !n.equals(mode)).sorted().forEach(names::add);
        for (String ref : names) {
            NetworkState.Active n;
            try {
                n = networkView.resolve(ref);
            } catch (EngineException notFound) {
                // Not a 404: the docker CLI answers any 404 from create by pulling the image.
                throw EngineException.invalid(notFound.getMessage());
            }
            refuseConfigOnly(n);
            EndpointRequest e = endpoints.getOrDefault(ref, endpoints.get(mode));
            String ip = e == null || e.ipv4() == null ? "" : e.ipv4();
            String ip6 = ipv6Of(e);
            List<String> aliases = e == null || e.aliases() == null ? List.of() : e.aliases();
            boolean user = !n.config().builtIn();
            if ((!ip.isEmpty() || !ip6.isEmpty()) && !user) {
                throw EngineException.invalid("user specified IP address is supported on user defined networks only");
            }
            if (!aliases.isEmpty() && !user) {
                throw EngineException.invalid("network-scoped alias is supported only for containers in user defined networks");
            }
            if (sharesHostOrNone(n) && names.size() > 1) {
                throw EngineException.invalid("container cannot be connected to host or none network and other networks");
            }
            String mac = Macs.check(e == null ? null : e.mac(), sharesHostOrNone(n));
            List<String> links = EndpointLinks.check(e == null ? null : e.links(), user);
            Map<String, String> driverOpts = EndpointDriverOpts.check(e == null ? null : e.driverOpts());
            if (!driverOpts.isEmpty() && sharesHostOrNone(n)) {
                throw EngineException.invalid("endpoint driver options need a network the container has an "
                        + "interface on, not " + n.config().name());
            }
            String ifname = driverOpts.getOrDefault(NetworkRequest.IFNAME, "");
            if (!ifname.isEmpty() && out.stream().anyMatch(o -> o.ifname().equals(ifname))) {
                throw EngineException.invalid("interface name " + ifname + " is asked for on two networks");
            }
            List<String> linkLocal = LinkLocalIps.check(e == null ? null : e.linkLocalIps());
            if (!linkLocal.isEmpty() && sharesHostOrNone(n)) {
                throw EngineException.invalid("link-local addresses need a network the container has an interface "
                        + "on, not " + n.config().name());
            }
            out.add(new NetworkRequest(n.config().id(), n.config().name(), ip, aliases, mac,
                    e == null ? 0 : e.gwPriority(), links, driverOpts, linkLocal, ip6));
        }
        return out;
    }

    /** {@code --ip6}: the address in RFC 5952 text, "" for none; dockerd's wording for one that is not an address. */
    static String ipv6Of(EndpointRequest e) {
        if (e == null || e.ipv6() == null || e.ipv6().isEmpty()) {
            return "";
        }
        if (!dev.berth.spi.network.Ipv6Cidr.isAddress(e.ipv6())) {
            throw EngineException.invalid("invalid IPv6 address: " + e.ipv6());
        }
        return dev.berth.spi.network.Ipv6Cidr.canonical(e.ipv6());
    }

    /**
     * The hostname Docker records at create when none is given: the host's own with {@code --network
     * host} (the container keeps its own UTS namespace, named as the host); otherwise none here, and
     * the short id is used where it is needed.
     */
    static String defaultHostname(ContainerConfig c, HostConfig h) {
        if (!c.hostname().isEmpty() || !h.networkMode().equals("host")) {
            return c.hostname();
        }
        try {
            return Files.readString(KERNEL_HOSTNAME).strip();
        } catch (IOException e) {
            throw EngineException.internal("cannot read the host's name from " + KERNEL_HOSTNAME, e);
        }
    }

    /** dockerd's refusal (at its endpoint's creation): a config-only network holds settings, never a container. */
    private static void refuseConfigOnly(NetworkState.Active n) {
        if (n.config().configOnly()) {
            throw new EngineException(ErrorKind.FORBIDDEN, "cannot create endpoint on configuration-only network");
        }
    }

    /** The built-in {@code host} and {@code none} networks, which a container cannot share with others. */
    private static boolean sharesHostOrNone(NetworkState.Active n) {
        return n.config().builtIn() && (n.config().driver().equals("host") || n.config().driver().equals("null"));
    }

    /** The image's defaults under the user's config, as Docker merges them, with the hostname decided. */
    static ContainerConfig merge(ContainerConfig c, ImageConfig image, String hostname) {
        var d = image.config();
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : d.env()) {
            env.put(key(e), e);
        }
        for (String e : c.env()) {
            env.put(key(e), e);
        }
        List<String> entrypoint = c.entrypoint().isEmpty() && d.entrypoint() != null ? d.entrypoint() : c.entrypoint();
        List<String> cmd = c.cmd();
        if (cmd.isEmpty() && c.entrypoint().isEmpty() && d.cmd() != null) {
            cmd = d.cmd();
        }
        if (entrypoint.equals(List.of(""))) {
            entrypoint = List.of(); // `--entrypoint ""`: no entrypoint, and not the image's command either
        }
        Map<String, String> labels = new LinkedHashMap<>(d.labels());
        labels.putAll(c.labels());
        List<String> ports = new ArrayList<>(d.exposedPorts());
        c.exposedPorts().stream().filter(p -> !ports.contains(p)).forEach(ports::add);
        List<String> volumes = new ArrayList<>(d.volumes());
        c.volumes().stream().filter(v -> !volumes.contains(v)).forEach(volumes::add);
        return new ContainerConfig(c.image(), hostname, c.domainname(),
                c.user().isEmpty() && d.user() != null ? d.user() : c.user(),
                new ArrayList<>(env.values()), cmd, entrypoint,
                c.workingDir().isEmpty() && d.workingDir() != null ? d.workingDir() : c.workingDir(),
                labels, ports, volumes, c.tty(), c.openStdin(),
                c.stopSignal().isEmpty() && d.stopSignal() != null ? d.stopSignal() : c.stopSignal(),
                c.stopTimeout(), c.stdinOnce(), Healthcheck.merge(c.healthcheck(), imageHealthcheck(d.healthcheck())),
                c.networkDisabled(), c.attach());
    }

    /** The image's check as the journal keeps it; dockerd does not check an image's values, so neither is this. */
    private static Healthcheck imageHealthcheck(ImageConfig.HealthConfig h) {
        return h == null ? null : new Healthcheck(h.test(), Math.max(0, h.interval()), Math.max(0, h.timeout()),
                Math.max(0, h.startPeriod()), Math.max(0, h.startInterval()), Math.max(0, h.retries()));
    }

    private static String key(String envEntry) {
        int eq = envEntry.indexOf('=');
        return eq < 0 ? envEntry : envEntry.substring(0, eq);
    }

    /** The image id a reference names, or null. */
    public String imageIdOrNull(String ref) {
        return images.find(ref).orElse(null);
    }

    /** Unpacked size of an image, 0 when it is gone. */
    public long imageSize(String imageId) {
        return images.view().get(imageId).map(i -> i.size()).orElse(0L);
    }

    public ContainerState get(String ref) {
        return view.resolve(ref);
    }

    public void start(String ref) {
        call(ref, ContainerCommand.Start::new);
    }

    /** The longest stop timeout timed as such (Pekko's scheduler refuses delays beyond about 107M seconds). */
    static final int MAX_TIMED_STOP_SECONDS = 100_000_000;

    /** Stops with the given (or the container's) signal, then KILL after the timeout. */
    public void stop(String ref, String signal, Integer timeoutSeconds) {
        ContainerState s = view.resolve(ref);
        var cfg = s.info().config();
        int sig = Signals.parse(signal != null && !signal.isEmpty() ? signal
                : cfg.stopSignal().isEmpty() ? "SIGTERM" : cfg.stopSignal());
        long given = timeoutSeconds != null ? timeoutSeconds
                : cfg.stopTimeout() != null ? cfg.stopTimeout() : DEFAULT_STOP_TIMEOUT;
        // a wait longer than the scheduler can time (about 3.4 years; the docker CLI sends any Go int) is
        // as good as no limit: waited for as a negative timeout is
        int timeout = given > MAX_TIMED_STOP_SECONDS || given < 0 ? -1 : (int) given;
        Duration wait = Duration.ofSeconds(timeout < 0 ? 3600 : timeout + 30L);
        Ask.await(ask.<Envelope, Done>stage(containers,
                r -> new Envelope(s.info().id(), new ContainerCommand.Stop(sig, timeout, r)), wait), wait);
    }

    public void restart(String ref, String signal, Integer timeoutSeconds) {
        try {
            stop(ref, signal, timeoutSeconds);
        } catch (EngineException e) {
            if (e.kind() != ErrorKind.NOT_MODIFIED) {
                throw e;
            }
        }
        start(ref);
    }

    public void kill(String ref, String signal) {
        int sig = Signals.parseForKill(signal == null || signal.isEmpty() ? "KILL" : signal);
        call(ref, r -> new ContainerCommand.Kill(sig, r));
    }

    /** {@code docker pause}: frozen by the runtime, then journaled. */
    public void pause(String ref) {
        call(ref, ContainerCommand.Pause::new);
    }

    public void unpause(String ref) {
        call(ref, ContainerCommand.Unpause::new);
    }

    /** {@code docker update}: applied to a running container, journaled, kept for its next starts. */
    public void update(String ref, HostConfigUpdate update) {
        call(ref, r -> new ContainerCommand.Update(update, r));
    }

    public void remove(String ref, boolean force) {
        remove(ref, force, false);
    }

    /** @param volumes also its anonymous volumes no other container uses ({@code rm -v}) */
    public void remove(String ref, boolean force, boolean volumes) {
        call(ref, r -> new ContainerCommand.Remove(force, volumes, r));
    }

    public void rename(String ref, String newName) {
        String name = Names.validate(newName);
        ContainerState s = view.resolve(ref);
        String id = s.info().id();
        String old = s.info().name();
        if (old.equals(name)) {
            throw EngineException.invalid("Renaming a container with the same name as its current name");
        }
        try {
            ask.<NamesCommand, Done>call(names, r -> new NamesCommand.Reserve(name, id, r));
        } catch (EngineException e) {
            // dockerd wraps the directory's conflict this way; tools that rename before recreating match on it.
            throw new EngineException(e.kind(), "Error when allocating new name: " + e.getMessage(), e);
        }
        try {
            call(id, r -> new ContainerCommand.Rename(name, r));
        } catch (RuntimeException e) {
            names.tell(new NamesCommand.Release(name, id, null));
            throw e;
        }
        names.tell(new NamesCommand.Release(old, id, null));
    }

    /** Journals a {@code docker cp} out of ({@code extracted} false) or into the container, for {@code /events}. */
    public void recordCopy(String ref, boolean extracted) {
        call(ref, r -> new ContainerCommand.RecordCopy(extracted, r));
    }

    /**
     * {@code docker network connect}: journaled on the container; a running container joins now
     * (through {@code join}, which gets the fresh state), a stopped one at its next start.
     */
    public void connect(String ref, String networkRef, EndpointRequest endpoint,
                        java.util.function.BiConsumer<ContainerState, NetworkRequest> join) {
        ContainerState s = view.resolve(ref);
        NetworkState.Active n = networkView.resolve(networkRef);
        if (s.info().config().networkDisabled()) {
            throw EngineException.invalid("container " + s.info().name() + " has its network disabled "
                    + "(NetworkDisabled): it cannot be connected to a network");
        }
        if (s.info().hostConfig().networkMode().startsWith("container:")) {
            throw EngineException.invalid("container sharing network namespace with another container or host cannot "
                    + "be connected to any other network");
        }
        if (sharesHostOrNone(n)) {
            throw new EngineException(ErrorKind.FORBIDDEN, "container cannot be disconnected from host network or connected to host network");
        }
        refuseConfigOnly(n);
        var request = new NetworkRequest(n.config().id(), n.config().name(),
                endpoint == null || endpoint.ipv4() == null ? "" : endpoint.ipv4(),
                endpoint == null || endpoint.aliases() == null ? List.of() : endpoint.aliases(),
                Macs.check(endpoint == null ? null : endpoint.mac(), false), endpoint == null ? 0 : endpoint.gwPriority(),
                EndpointLinks.check(endpoint == null ? null : endpoint.links(), !n.config().builtIn()),
                EndpointDriverOpts.check(endpoint == null ? null : endpoint.driverOpts()),
                LinkLocalIps.check(endpoint == null ? null : endpoint.linkLocalIps()), ipv6Of(endpoint));
        if ((!request.ipv4().isEmpty() || !request.ipv6().isEmpty()) && n.config().builtIn()) {
            throw EngineException.invalid("user specified IP address is supported on user defined networks only");
        }
        if (!request.ifname().isEmpty() && s.info().networks().stream().anyMatch(o -> o.ifname().equals(request.ifname()))) {
            throw EngineException.invalid("interface name " + request.ifname() + " is asked for on two networks");
        }
        String id = s.info().id();
        call(id, r -> new ContainerCommand.ConnectNetwork(request, r));
        ContainerState after = view.resolve(id);
        if (after instanceof ContainerState.Running) {
            join.accept(after, request);
        }
    }

    /** {@code docker network disconnect}. */
    public void disconnect(String ref, String networkRef, java.util.function.BiConsumer<String, String> leave) {
        disconnect(ref, networkRef, false, leave);
    }

    /**
     * As dockerd: a network that no longer exists (removed while the container did not run) is taken off a
     * container that does not run by its name, and off a running one with {@code force}.
     */
    public void disconnect(String ref, String networkRef, boolean force,
                           java.util.function.BiConsumer<String, String> leave) {
        ContainerState s = view.resolve(ref);
        if (networkView.byName(networkRef).isEmpty() && networkView.get(networkRef).isEmpty()
                && (force || !(s instanceof ContainerState.Running))) {
            var gone = s.info().networks().stream()
                    .filter(r -> r.networkName().equals(networkRef) || r.networkId().equals(networkRef)
                            || (networkRef.length() >= 12 && r.networkId().startsWith(networkRef)))
                    .filter(r -> networkView.get(r.networkId()).isEmpty())
                    .findFirst();
            if (gone.isPresent()) {
                call(s.info().id(), r -> new ContainerCommand.DisconnectNetwork(gone.get().networkId(), r));
                return;
            }
        }
        NetworkState.Active n = networkView.resolve(networkRef);
        String id = s.info().id();
        call(id, r -> new ContainerCommand.DisconnectNetwork(n.config().id(), r));
        if (s instanceof ContainerState.Running) {
            leave.accept(id, n.config().id());
        }
    }

    /** Journals an exec's fact on its container (see {@link ContainerCommand.RecordExec}). */
    public void recordExec(String containerId, ContainerEvent event) {
        ask.await(recordExecLater(containerId, event));
    }

    /**
     * Journals an exec event without waiting, so the caller can overlap the journal write with other
     * work; {@link #awaitRecorded} then waits until it is durable (events of one container keep their order).
     */
    public CompletionStage<Reply<Done>> recordExecLater(String containerId, ContainerEvent event) {
        return ask.<Envelope, Done>stage(containers, r -> new Envelope(containerId, new ContainerCommand.RecordExec(event, r)));
    }

    /** Waits for a {@link #recordExecLater} write; its failure is thrown here. */
    public void awaitRecorded(CompletionStage<Reply<Done>> pending) {
        ask.await(pending);
    }

    /** Journals a health status transition; refused (CONFLICT) once the container no longer runs. */
    public void recordHealth(String containerId, ContainerEvent.HealthChanged event) {
        ask.<Envelope, Done>call(containers, r -> new Envelope(containerId, new ContainerCommand.RecordExec(event, r)));
    }

    /** Completes with the exit code once the condition holds. NOT_FOUND is thrown at once. */
    public CompletionStage<Integer> await(String ref, WaitCondition condition) {
        String id = view.resolve(ref).info().id();
        Duration forever = Duration.ofDays(200); // the scheduler refuses more than ~248 days
        return ask.<Envelope, Integer>stage(containers, r -> new Envelope(id, new ContainerCommand.Wait(condition, r)), forever)
                .thenApply(Reply::get);
    }

    private void call(String ref, java.util.function.Function<ActorRef<Reply<Done>>, ContainerCommand> cmd) {
        String id = view.resolve(ref).info().id();
        ask.<Envelope, Done>call(containers, r -> new Envelope(id, cmd.apply(r)));
    }
}
