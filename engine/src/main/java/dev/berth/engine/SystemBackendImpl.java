package dev.berth.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.actors.container.ContainerView;
import dev.berth.actors.image.ImageView;
import dev.berth.api.backend.Filters;
import dev.berth.api.backend.StreamHandle;
import dev.berth.api.backend.SystemBackend;
import dev.berth.api.model.BerthEventSink;
import dev.berth.api.model.BerthPlugin;
import dev.berth.api.model.EventMessage;
import dev.berth.api.model.SystemInfo;
import dev.berth.api.model.SystemVersion;
import dev.berth.image.Sha256;
import dev.berth.persistence.HistoryExport;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.events.EventCursor;
import dev.berth.spi.EngineException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/** /info, /version and /events. */
public final class SystemBackendImpl implements SystemBackend {
    /**
     * What the daemon knows about itself that the engine does not.
     *
     * @param runtimeName    the default runtime ({@code DefaultRuntime})
     * @param runtimes       every runtime that runs, by name ({@code Runtimes}), the default among them
     * @param networkDrivers the network drivers that run (the engine adds its own {@code host} and {@code null})
     * @param volumeDrivers  the volume drivers that run ({@code local} among them unless it could not)
     * @param warnings       lines {@code docker info} prints after the rest, e.g. a driver that could not be
     *                       loaded and why
     */
    public record Identity(String engineId, String version, String apiVersion, String minApiVersion, Path dataRoot,
                           String runtimeName, Map<String, RuntimeEntry> runtimes, Supplier<String> runtimeVersion,
                           Supplier<String> conmonVersion, boolean debug, List<String> networkDrivers,
                           List<String> volumeDrivers, List<String> warnings) {
        public Identity {
            runtimes = Map.copyOf(runtimes);
            networkDrivers = List.copyOf(networkDrivers);
            volumeDrivers = List.copyOf(new TreeSet<>(volumeDrivers));
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * One of {@code docker info}'s {@code Runtimes}, as dockerd shows it.
     *
     * @param path        the binary as configured
     * @param runtimeArgs its global arguments; empty is left out of the JSON, as dockerd does
     */
    public record RuntimeEntry(String path, List<String> runtimeArgs) {
        public RuntimeEntry {
            runtimeArgs = List.copyOf(runtimeArgs);
        }
    }

    private final Identity me;
    private final ContainerView containers;
    private final ImageView images;
    private final EventStream events;
    private Supplier<List<BerthPlugin>> plugins = List::of;
    private ObjectHistory history;
    private Supplier<List<String>> pluginNetworkDrivers = List::of;
    private Supplier<List<BerthEventSink>> eventSinks = List::of;

    /** The log drivers a container can name ({@code none} aside), as dockerd lists its own under Plugins. */
    static final List<String> LOG_DRIVERS = List.of("json-file", "local", "syslog", "gelf", "fluentd", "journald");

    private String logDriver = "json-file";
    private List<SystemInfo.AddressPool> addressPools = List.of();
    private List<String> labels = List.of();
    private String seccompProfile = "builtin";
    private boolean noNewPrivileges;

    /** The daemon's configured {@code default-address-pools} ({@code DefaultAddressPools}; none: dockerd's own). */
    public SystemBackendImpl withAddressPools(List<SystemInfo.AddressPool> pools) {
        this.addressPools = List.copyOf(pools);
        return this;
    }

    /** The daemon's {@code seccomp-profile}: builtin, unconfined or the file's path, as {@code docker info} shows it. */
    public SystemBackendImpl withSeccompProfile(String profile) {
        this.seccompProfile = profile;
        return this;
    }

    /** The daemon's {@code no-new-privileges}, which {@code docker info} lists among the security options. */
    public SystemBackendImpl withNoNewPrivileges(boolean on) {
        this.noNewPrivileges = on;
        return this;
    }

    /** docker info's SecurityOptions, in dockerd's order. */
    private List<String> securityOptions() {
        List<String> out = new ArrayList<>(List.of("name=seccomp,profile=" + seccompProfile, "name=cgroupns"));
        if (noNewPrivileges) {
            out.add("name=no-new-privileges");
        }
        return out;
    }

    /** The daemon's {@code labels} ({@code --label}), shown by {@code docker info}. */
    public SystemBackendImpl withLabels(List<String> labels) {
        this.labels = List.copyOf(labels);
        return this;
    }

    /** The daemon's {@code log-driver}: what a container that names none logs with. */
    public SystemBackendImpl withLogDriver(String driver) {
        this.logDriver = driver;
        return this;
    }

    public SystemBackendImpl(Identity me, ContainerView containers, ImageView images, EventStream events) {
        this.me = me;
        this.containers = containers;
        this.images = images;
        this.events = events;
    }

    @Override
    public SystemInfo info() {
        int running = 0;
        int paused = 0;
        int stopped = 0;
        var all = containers.all();
        for (ContainerState s : all) {
            // as dockerd counts them: a paused container is not counted as running
            if (s instanceof ContainerState.Running r && r.paused()) {
                paused++;
            } else if (s instanceof ContainerState.Running) {
                running++;
            } else {
                stopped++;
            }
        }
        var nodes = JsonNodeFactory.instance;
        var registry = nodes.objectNode();
        registry.putArray("InsecureRegistryCIDRs").add("127.0.0.0/8");
        registry.putObject("IndexConfigs");
        registry.putArray("Mirrors");
        Map<String, JsonNode> runtimes = new TreeMap<>();
        me.runtimes().forEach((name, r) -> {
            var node = nodes.objectNode().put("path", r.path());
            if (!r.runtimeArgs().isEmpty()) {
                r.runtimeArgs().forEach(node.putArray("runtimeArgs")::add);
            }
            runtimes.put(name, node);
        });
        String cgroupVersion = HostFacts.cgroupVersion();
        List<BerthEventSink> sinks = eventSinks.get();
        return new SystemInfo(me.engineId(), all.size(), running, paused, stopped, images.size(), "overlay2",
                List.of(List.of("Backing Filesystem", "extfs"), List.of("Supports d_type", "true")),
                new SystemInfo.Plugins(me.volumeDrivers(), networkPlugins(), LOG_DRIVERS,
                        authorizationPlugins()),
                true, true, true, true, true, true, HostFacts.ipv4Forwarding(), me.debug(),
                me.debug() ? ProcessFacts.openFds() : 0, me.debug() ? ProcessFacts.threads() : 0,
                Instant.now().toString(), logDriver, "cgroupfs", cgroupVersion, events.listeners(),
                HostFacts.kernelVersion(),
                HostFacts.operatingSystem(), HostFacts.osVersion(), "linux", HostFacts.machine(),
                Runtime.getRuntime().availableProcessors(), HostFacts.memTotal(), "https://index.docker.io/v1/",
                registry, me.dataRoot().toString(), HostFacts.hostname(), labels, false, me.version(),
                // --init's binary is bound into the container as /sbin/docker-init, dockerd's name for it
                runtimes, me.runtimeName(), SystemInfo.Swarm.INACTIVE, true, "", "docker-init",
                securityOptions(), warnings(sinks), sinks,
                // API 1.50's: no kernel TCP memory limit (refused at create), cpusets and the OOM killer switch
                // (cgroup v1's memory.oom_control) honoured, no proxy of the daemon's own, no containerd
                false, true, cgroupVersion.equals("1"), null, "", "", "", SystemInfo.Commit.NONE,
                new SystemInfo.Commit(me.runtimeVersion().get()), SystemInfo.Commit.NONE,
                new SystemInfo.Firewall("iptables"), List.of(), addressPools);
    }

    /** The start's warnings, then a line for each event sink failing now (docker info prints them last). */
    private List<String> warnings(List<BerthEventSink> sinks) {
        List<String> out = new ArrayList<>(me.warnings());
        if (!seccompProfile.equals("builtin")) {
            out.add("WARNING: daemon is not using the default seccomp profile");
        }
        for (BerthEventSink s : sinks) {
            if (!s.lastError().isEmpty()) {
                out.add("WARNING: event sink \"" + s.name() + "\" is failing (" + s.lag() + " events behind): "
                        + s.lastError());
            }
        }
        return out;
    }

    /** Each event sink's standing, for {@code BerthEventSinks} and the warnings. */
    public SystemBackendImpl withEventSinks(Supplier<List<BerthEventSink>> sinks) {
        this.eventSinks = sinks;
        return this;
    }

    /** The authorization plugins in force, in the order they are asked (dockerd's order). */
    private List<String> authorizationPlugins() {
        return plugins.get().stream()
                .filter(p -> p.type().equals("authorization") && p.status().equals("enabled"))
                .map(BerthPlugin::name)
                .toList();
    }

    @Override
    public List<BerthPlugin> plugins() {
        return plugins.get();
    }

    /** What the daemon found at start: every driver and plugin jar, for /berth/plugins and info. */
    public SystemBackendImpl withPlugins(Supplier<List<BerthPlugin>> found) {
        this.plugins = found;
        return this;
    }

    /** With object histories ({@code /berth/history}); without it they are refused. */
    public SystemBackendImpl withHistory(ObjectHistory histories) {
        this.history = histories;
        return this;
    }

    @Override
    public List<EventMessage> history(String type, String ref) {
        if (history == null) {
            throw EngineException.invalid("object history is not supported by Berth yet");
        }
        return history.of(type, ref).stream().map(EventStream::message).toList();
    }

    /** The Docker network plugins activated so far (found by name when first used), for info's Plugins.Network. */
    public SystemBackendImpl withPluginNetworkDrivers(Supplier<List<String>> activated) {
        this.pluginNetworkDrivers = activated;
        return this;
    }

    /** dockerd lists its network drivers sorted, the built-in {@code host} and {@code null} among them. */
    private List<String> networkPlugins() {
        var names = new TreeSet<>(me.networkDrivers());
        names.addAll(pluginNetworkDrivers.get());
        names.add("host");
        names.add("null");
        return List.copyOf(names);
    }

    @Override
    public SystemVersion version() {
        String kernel = HostFacts.kernelVersion();
        var engine = new SystemVersion.Component("Engine", me.version(), Map.of(
                "ApiVersion", me.apiVersion(), "MinAPIVersion", me.minApiVersion(), "Os", "linux",
                "Arch", HostFacts.goArch(), "KernelVersion", kernel, "GitCommit", "berth", "GoVersion",
                "java" + System.getProperty("java.version"), "Experimental", "false", "BuildTime", ""));
        var runc = new SystemVersion.Component(me.runtimeName(), me.runtimeVersion().get(), Map.of("GitCommit", ""));
        var conmon = new SystemVersion.Component("conmon", me.conmonVersion().get(), Map.of("GitCommit", ""));
        return new SystemVersion(new SystemVersion.Platform("Berth Engine"), List.of(engine, runc, conmon),
                SystemVersion.DOCKER_VERSION, me.apiVersion(), me.minApiVersion(), "berth",
                "java" + System.getProperty("java.version"), "linux", HostFacts.goArch(), kernel, false, "");
    }

    @Override
    public StreamHandle events(Instant since, Instant until, Filters filters, EventSink sink) {
        return events.open(since, until, EventFilter.of(filters), sink);
    }

    @Override
    public StreamHandle events(Instant since, Instant until, String after, Filters filters, EventSink sink) {
        return events.open(since, until, after == null ? null : cursor(after), EventFilter.of(filters), sink);
    }

    /** On a thread of its own: an export of a long history reads for minutes and must not hold a shared pool. */
    @Override
    public StreamHandle exportHistory(HistorySink sink) {
        var closed = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                Sha256 sha = Sha256.create();
                HistoryExport.export(me.dataRoot(), new HistoryExport.Hasher(sha::update, sha::finish), line -> !closed.get() && sink.line(line));
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(SystemBackendImpl.class).warn("history export failed: {}", e.toString());
            } finally {
                sink.end();
            }
        }, "berth-history-export");
        t.setDaemon(true);
        t.start();
        return () -> closed.set(true);
    }

    @Override
    public void checkCursor(String after) {
        events.check(cursor(after));
    }

    private static EventCursor cursor(String text) {
        try {
            return EventCursor.parse(text);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
    }
}
