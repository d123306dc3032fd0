package dev.berth.daemon;

import com.typesafe.config.ConfigFactory;
import dev.berth.actors.Engine;
import dev.berth.actors.container.RuntimeRouter;
import dev.berth.api.ApiConfig;
import dev.berth.api.ApiServer;
import dev.berth.api.MetricsServer;
import dev.berth.api.model.BerthEventSink;
import dev.berth.api.model.BerthPlugin;
import dev.berth.api.model.SystemInfo;
import dev.berth.engine.AsOfReads;
import dev.berth.daemon.sinks.EventSinks;
import dev.berth.daemon.sinks.SinkStatus;
import dev.berth.engine.ContainerControl;
import dev.berth.engine.ContainerLogs;
import dev.berth.engine.ContainerExecs;
import dev.berth.engine.ContainersBackend;
import dev.berth.engine.EventStream;
import dev.berth.engine.HealthMonitor;
import dev.berth.engine.ImagesBackend;
import dev.berth.engine.build.ImageBuilder;
import dev.berth.engine.NetworksBackend;
import dev.berth.engine.ObjectHistory;
import dev.berth.engine.VolumesBackend;
import dev.berth.engine.SystemBackendImpl;
import dev.berth.image.ContentStore;
import dev.berth.image.Importer;
import dev.berth.image.LayerStore;
import dev.berth.image.Snapshotter;
import dev.berth.persistence.AcknowledgedEvents;
import dev.berth.persistence.JournalConfig;
import dev.berth.persistence.JournalSchema;
import dev.berth.persistence.events.EventLog;
import dev.berth.persistence.events.Timeline;
import dev.berth.spi.DriverContext;
import dev.berth.spi.lookup.DriverLookup;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.Sandboxes;
import dev.berth.spi.runtime.ExecCapable;
import dev.berth.spi.runtime.RuntimeDriver;
import dev.berth.spi.volume.VolumeDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One berthd: journal, engine, runtime driver and API, started in that order and stopped in reverse.
 * Everything it owns lives under its data root and exec root, so two daemons with different roots and
 * sockets never see each other's containers.
 */
final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /** Jars left in the former default directory are no longer loaded: say so rather than drop them silently. */
    private static void warnAboutFormerPluginDir(Path pluginDir, Path dataRoot) {
        if (!pluginDir.equals(DaemonOptions.defaultPluginDir(dataRoot))) {
            return;
        }
        try (var files = Files.list(DaemonOptions.FORMER_PLUGIN_DIR)) {
            if (files.anyMatch(f -> f.toString().endsWith(".jar"))) {
                LOG.warn("plugin jars in {} are not loaded: the default plugin directory is now {}; move them there"
                        + " or pass --plugin-dir {}", DaemonOptions.FORMER_PLUGIN_DIR, pluginDir,
                        DaemonOptions.FORMER_PLUGIN_DIR);
            }
        } catch (IOException e) {
            // no former directory: nothing was left behind
        }
    }

    private final DaemonOptions options;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private ActorSystem<Void> system;
    private Map<String, RuntimeDriver> runtimes = Map.of();
    private Map<String, NetworkDriver> networks = Map.of();
    private Map<String, VolumeDriver> volumes = Map.of();
    private DriverLookup lookup;
    private java.sql.Connection journalKeeper;
    private ApiServer server;
    private MetricsServer metrics;
    private ExecutorService streams;
    private HealthMonitor health;
    private boolean pidfileWritten;
    private DataRootLock dataRootLock;
    private JournalWatch journalWatch;
    private HistoryHousekeeping housekeeping;
    private EventSinks eventSinks;

    Daemon(DaemonOptions options) {
        this.options = options;
    }

    void start() throws Exception {
        long t0 = System.nanoTime();
        Path data = options.dataRoot();
        Path exec = options.execRoot();
        for (String dir : new String[] {"containers", "content", "layers", "journal"}) {
            Files.createDirectories(data.resolve(dir));
        }
        Files.createDirectories(exec);
        // Before anything is made (pidfile, socket, bridge): a data root another berthd uses, or a
        // journal that cannot be opened (held by another process, corrupt), ends the start here.
        dataRootLock = DataRootLock.acquire(data);
        writePidfile();
        // One connection held for the daemon's life: H2 closes a database when its last connection
        // goes, and the schema check, the start-up scan and the pool would otherwise open it thrice.
        journalKeeper = JournalSchema.keepOpen(data);

        // The drivers (binaries checked, watchers started) come up while the journal and the actor
        // system do: neither needs the other, and both are a good part of start-up.
        // Every network driver found is made; one that cannot run here is reported, not fatal.
        var plugins = new Plugins(options.pluginDir());
        warnAboutFormerPluginDir(options.pluginDir(), data);
        var context = new DriverContext(data, exec, options.driverOptions());
        // first: a missing authorization plugin or socket group stops the start before anything else is made
        lookup = plugins.lookups(context);
        var authorization = plugins.authorization(options.authorizationPlugins(), context, lookup);
        // a sink whose options are wrong stops the start here; one that cannot work here is listed
        var sinks = plugins.eventSinks(options.eventSinks(), data);
        boolean unix = options.hosts().stream().anyMatch(h -> h.startsWith("unix://"));
        String socketGroup = unix ? SocketGroup.ensure(options.socketGroup()) : null;
        var runtimeDrivers = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Runtimes.make(plugins, options.runtime(), options.runtimes(), context));
        var networkDrivers = java.util.concurrent.CompletableFuture.supplyAsync(() -> plugins.networks(context));
        var volumeDrivers = java.util.concurrent.CompletableFuture.supplyAsync(() -> plugins.volumes(context));

        JournalSchema.create(data);
        journalWatch = new JournalWatch(journalKeeper, data, Path.of(JournalConfig.databaseFile(data) + ".mv.db"));
        var config = JournalConfig.forDataRoot(data).withFallback(ConfigFactory.load()).resolve();
        system = ActorSystem.create(Behaviors.empty(), "berthd", config);
        long tSystem = System.nanoTime();
        networks = join(networkDrivers);
        runtimes = join(runtimeDrivers);
        volumes = join(volumeDrivers);
        var content = new ContentStore(data);
        var layers = new LayerStore(data);
        content.removeStaleTemp();
        layers.removeStaleTemp();
        var snapshotter = new Snapshotter(data);
        long tDrivers = System.nanoTime();
        Engine engine = Engine.start(system, new Engine.Parts(data, runtimes, options.runtime(), snapshotter, networks,
                Sandboxes.bindMounted(exec.resolve("netns")), content, new Importer(content, layers),
                options.bridge(), options.bip(), options.pools(), options.hostGatewayIps(), volumes, lookup,
                options.networkDefaults()));

        PluginHistory.journal(system, engine.live(), plugins.found());
        long tEngine = System.nanoTime();
        RuntimeRouter runtime = engine.runtime();
        streams = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "berth-stream");
            t.setDaemon(true);
            return t;
        });
        var logs = new ContainerLogs(runtime, engine.containers().view(), streams, engine.logShippers(),
                options.logConfig());
        var identity = new SystemBackendImpl.Identity(engineId(data), BuildInfo.VERSION, BuildInfo.API_VERSION,
                BuildInfo.MIN_API_VERSION, data, runtime.name(), runtimeEntries(), memoized(() -> toolVersion("runc")),
                memoized(() -> toolVersion("conmon")), options.logLevel().equals("debug"),
                List.copyOf(networks.keySet()), List.copyOf(volumes.keySet()), plugins.unavailable().stream().map(Plugins.Unavailable::warning).toList());
        var eventLog = memoized(() -> new EventLog(system, data));
        var events = new EventStream(eventLog, engine.live(), streams);
        eventSinks = new EventSinks(sinks, data, events, eventLog);
        ExecCapable execs = runtime;
        var history = new AsOfReads(new Timeline(system, data));
        var containersBackend = new ContainersBackend(engine.containers(), engine.images(), logs, data,
                exec.resolve("netns")).withHistory(history).withDefaultShmSize(options.defaultShmSize())
                .withNamespaceDefaults(options.defaultIpcMode(), options.defaultCgroupnsMode());
        if (execs != null) {
            health = new HealthMonitor(engine.containers(), execs, engine.live(), data, streams);
            containersBackend.withHealth(health);
        }
        containersBackend
                .withRuntimes(runtime)
                .withNetworks(engine.attacher())
                .withExecs(new ContainerExecs(engine.containers(), execs, streams))
                .withControl(new ContainerControl(runtime, engine.containers(), streams));
        var imageFlows = RegistryWiring.workflows(options, engine.images(), content, layers, data);
        var imagesBackend = new ImagesBackend(engine.images(), engine.containers(), data, imageFlows).withHistory(history);
        imagesBackend.withBuilder(new ImageBuilder(containersBackend, imagesBackend, engine.images(),
                imageFlows.commits(), data));
        server = new ApiServer(new ApiConfig(options.hosts(), socketGroup, ApiConfig.DEFAULT_MAX_BODY, BuildInfo.VERSION,
                options.tls()),
                containersBackend,
                imagesBackend,
                new SystemBackendImpl(identity, engine.containers().view(), engine.images().view(), events)
                        .withLogDriver(options.logConfig().type().word())
                        .withLabels(options.labels())
                        .withSeccompProfile(options.driverOptions().getOrDefault("seccomp-profile",
                                DaemonOptions.BUILTIN_SECCOMP))
                        .withNoNewPrivileges("true".equals(options.driverOptions().get("no-new-privileges")))
                        .withAddressPools(options.pools().stream()
                                .map(p -> new SystemInfo.AddressPool(p.base(), p.size())).toList())
                        .withPlugins(() -> plugins.found().stream().map(Daemon::row).toList()).withHistory(new ObjectHistory(new Timeline(system, data)))
                        .withPluginNetworkDrivers(lookup::activeNetworkDrivers)
                        .withEventSinks(() -> eventSinks.status().stream().map(Daemon::row).toList()),
                new NetworksBackend(engine.networks(), engine.containers(), engine.attacher()).withHistory(history),
                new VolumesBackend(engine.volumes()).withHistory(history));
        server.authorizeWith(authorization);
        server.start();
        if (options.metricsAddr() != null) {
            metrics = new MetricsServer(options.metricsAddr(), new EngineMetrics(engine.containers().view(),
                    engine.images().view(), engine.volumes().view(), engine.networks().view(), server.requests(),
                    eventSinks::status));
            metrics.start();
            if (!metrics.boundAddress().getAddress().isLoopbackAddress()) {
                // dockerd serves it wherever it is told; it shows counts, not secrets, but say so
                LOG.warn("metrics listening on {}: whoever reaches that address can read them",
                        metrics.boundAddress());
            }
        }
        engine.recoverInBackground();
        housekeeping = new HistoryHousekeeping(system, data, options.historyRetention(), live(engine),
                engine::trimAcknowledged);
        eventSinks.start();
        if (health != null) {
            health.resume();
        }
        long end = System.nanoTime();
        LOG.info("berthd {} serving on {} (data root {}, exec root {}) after {} ms: jvm {} ms, journal {} ms, drivers {} ms, "
                        + "engine {} ms, api {} ms", BuildInfo.VERSION, options.hosts(), data, exec, ms(end - t0),
                jvmBootMillis(t0), ms(tSystem - t0), ms(tDrivers - tSystem), ms(tEngine - tDrivers), ms(end - tEngine));
        markServing();
        ImportWarmUp.start(exec, system, engine.images());
    }

    /**
     * bin/berthd records its class-data archive at the exit of a daemon it starts without one and names a
     * file here ({@code -Dberth.servedMarker}): made once the daemon serves, it tells bin/berthd that the
     * archive holds a daemon's classes, not those of a {@code --help} or of a start that failed.
     */
    private static void markServing() {
        String marker = System.getProperty("berth.servedMarker");
        if (marker == null || marker.isEmpty()) {
            return;
        }
        try {
            Files.writeString(Path.of(marker), "");
        } catch (IOException e) {
            LOG.warn("could not write {}: the class-data archive recorded at exit will not be used ({})", marker,
                    e.toString());
        }
    }

    /** Whether a persistence id names an object that still exists: its events outlive any retention. */
    private static java.util.function.Predicate<String> live(Engine engine) {
        return pid -> {
            int bar = pid.indexOf('|');
            String id = pid.substring(bar + 1);
            return switch (pid.substring(0, Math.max(bar, 0))) {
                case "container" -> engine.containers().view().get(id).isPresent();
                case "image" -> engine.images().view().get(id).isPresent();
                case "network" -> engine.networks().view().get(id).isPresent();
                case "volume" -> engine.volumes().view().get(id).isPresent();
                default -> true;
            };
        };
    }

    private static BerthPlugin row(Plugins.Found f) {
        return new BerthPlugin(f.name(), f.type(), f.version(), f.source(), f.status(), f.reason());
    }

    private static BerthEventSink row(SinkStatus s) {
        return new BerthEventSink(s.name(), s.type(), s.cursor(), s.lag(), s.delivered(), s.failures(), s.lastError(),
                s.lastErrorAt() == null ? null : s.lastErrorAt().toString());
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /** {@code docker info}'s Runtimes: those that run, as configured (runc as dockerd shows it). */
    private Map<String, SystemBackendImpl.RuntimeEntry> runtimeEntries() {
        Map<String, SystemBackendImpl.RuntimeEntry> out = new TreeMap<>();
        for (String name : runtimes.keySet()) {
            Runtimes.Binary b = options.runtimes().get(name);
            out.put(name, b == null ? new SystemBackendImpl.RuntimeEntry(name, List.of())
                    : new SystemBackendImpl.RuntimeEntry(b.path(), b.runtimeArgs()));
        }
        return out;
    }

    /** From the process's start (as the kernel has it) to {@code t0}: JVM boot, class loading, option parsing. */
    /**
     * Milliseconds from the process's exec to {@code t0}, to 10 ms: its start in /proc/self/stat and
     * /proc/uptime share the boot-time clock ({@code ProcessHandle}'s start instant adds the boot time
     * in whole seconds, up to a second off). -1 when /proc does not say.
     */
    static long jvmBootMillis(long t0) {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command's closing parenthesis; starttime is the 22nd field, the 20th after it
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(fields[19]);
            String uptime = Files.readString(Path.of("/proc/uptime"));
            long now = System.nanoTime(); // with the uptime read, not before the reads: they may take a while
            double upSeconds = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
            long sinceStart = Math.round(upSeconds * 1000) - startTicks * 1000 / CLOCK_TICKS;
            return Math.max(0, sinceStart - ms(now - t0));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** USER_HZ, which Linux fixes at 100 for every architecture Berth runs on. */
    private static final long CLOCK_TICKS = 100;

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    void awaitTermination() throws InterruptedException {
        stopped.await();
    }

    /** Stops serving and lets go of the journal. Containers keep running under conmon. */
    synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        try {
            if (metrics != null) {
                metrics.close();
            }
            if (journalWatch != null) {
                journalWatch.close();
            }
            if (housekeeping != null) {
                housekeeping.close();
            }
            if (server != null) {
                server.close();
            }
            if (eventSinks != null) {
                eventSinks.close();
            }
            if (health != null) {
                health.close();
            }
            if (system != null) {
                Engine.saveReadModels(system, options.dataRoot());
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            if (lookup != null) {
                lookup.close();
            }
            for (RuntimeDriver runtime : runtimes.values()) {
                runtime.close();
            }
            for (VolumeDriver volume : volumes.values()) {
                volume.close();
            }
            for (NetworkDriver network : networks.values()) {
                network.close();
            }
            if (streams != null) {
                streams.shutdownNow();
            }
            if (journalKeeper != null) {
                // A clean shutdown writes everything H2 acknowledged to its file, so the log kept beside it
                // for kills (AcknowledgedEvents) has nothing left to give: the next start skips comparing it.
                try (var st = journalKeeper.createStatement()) {
                    st.execute("SHUTDOWN");
                }
                journalKeeper.close();
                AcknowledgedEvents.journalClosedCleanly(options.dataRoot());
            }
        } catch (Exception e) {
            LOG.warn("unclean shutdown: {}", e.toString());
        } finally {
            if (pidfileWritten) {
                try {
                    Files.deleteIfExists(options.pidfile());
                } catch (IOException ignored) {
                    // nothing left to do about it
                }
            }
            if (dataRootLock != null) {
                try {
                    dataRootLock.close();
                } catch (IOException ignored) {
                    // the process ends soon, and the kernel lets go with it
                }
            }
            stopped.countDown();
        }
    }

    private void writePidfile() throws IOException {
        Path pidfile = options.pidfile();
        if (Files.exists(pidfile)) {
            String old = Files.readString(pidfile).trim();
            if (old.matches("\\d+") && ProcessHandle.of(Long.parseLong(old)).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IllegalStateException("pid file found, ensure berthd is not running or delete " + pidfile);
            }
        }
        Files.createDirectories(pidfile.toAbsolutePath().getParent());
        Files.writeString(pidfile, ProcessHandle.current().pid() + "\n");
        pidfileWritten = true;
    }

    private static String engineId(Path data) throws IOException {
        Path file = data.resolve("engine-id");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String id = UUID.randomUUID().toString();
        Files.writeString(file, id + "\n");
        return id;
    }

    /** Made once, when first needed: spawning tools or opening the read journal would delay serving. */
    private static <T> java.util.function.Supplier<T> memoized(java.util.function.Supplier<T> s) {
        return new java.util.function.Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = s.get();
                }
                return value;
            }
        };
    }

    /** First version-looking word of {@code tool --version}, or "unknown". */
    private static String toolVersion(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            var m = java.util.regex.Pattern.compile("(\\d+\\.\\d+\\.\\d+)").matcher(out);
            return m.find() ? m.group(1) : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

}
