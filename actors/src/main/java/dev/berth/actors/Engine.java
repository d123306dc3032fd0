package dev.berth.actors;

import dev.berth.actors.container.ContainerEntity;
import dev.berth.actors.container.ContainerRegistry;
import dev.berth.actors.container.ContainerRuntime;
import dev.berth.actors.logs.LogShippers;
import dev.berth.actors.logs.LoggingRuntime;
import dev.berth.actors.container.ContainerService;
import dev.berth.actors.container.ContainerView;
import dev.berth.actors.container.RestartOnBoot;
import dev.berth.actors.container.RuntimeRouter;
import dev.berth.actors.image.ImageRegistry;
import dev.berth.actors.image.ImageService;
import dev.berth.actors.image.ImageTags;
import dev.berth.actors.image.ImageView;
import dev.berth.actors.names.ContainerNames;
import dev.berth.actors.support.Ask;
import dev.berth.actors.support.LiveEvents;
import dev.berth.image.ContentStore;
import dev.berth.image.Importer;
import dev.berth.persistence.AcknowledgedEvents;
import dev.berth.persistence.JournalCompaction;
import dev.berth.persistence.JournalScan;
import dev.berth.persistence.container.LogConfig;
import dev.berth.persistence.ReadModelSnapshot;
import dev.berth.persistence.ReadModelSnapshots;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.persistence.names.NameState;
import dev.berth.persistence.image.ImageState;
import dev.berth.persistence.image.TagEvent;
import dev.berth.persistence.image.TagState;
import dev.berth.persistence.network.NetworkEvent;
import dev.berth.persistence.network.NetworkState;
import dev.berth.persistence.volume.VolumeEvent;
import dev.berth.persistence.volume.VolumeState;
import dev.berth.actors.container.DriverRuntime;
import dev.berth.actors.container.Leftovers;
import dev.berth.actors.network.NetworkAttacher;
import dev.berth.actors.network.NetworkDefaults;
import dev.berth.actors.network.NetworkRegistry;
import dev.berth.actors.network.NetworkService;
import dev.berth.actors.network.NetworkView;
import dev.berth.actors.network.SubnetPools;
import dev.berth.actors.volume.VolumeRegistry;
import dev.berth.actors.volume.VolumeService;
import dev.berth.actors.volume.VolumeView;
import dev.berth.image.Snapshotter;
import dev.berth.spi.lookup.DriverLookup;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.Sandboxes;
import dev.berth.spi.runtime.RuntimeDriver;
import dev.berth.spi.volume.VolumeDriver;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine as the daemon sees it: the entity parents, the read models rebuilt from the journal,
 * and the services the API backends call. Start-up order: read models from the journal first, then
 * the containers that were running are woken so they re-adopt their processes; the rest wake lazily.
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final ContainerService containers;
    private final ImageService images;
    private final NetworkService networks;
    private final NetworkAttacher attacher;
    private final VolumeService volumes;
    private final LiveEvents live;

    private Engine(ContainerService containers, ImageService images, NetworkService networks, NetworkAttacher attacher,
                   VolumeService volumes, LiveEvents live) {
        this.containers = containers;
        this.volumes = volumes;
        this.images = images;
        this.networks = networks;
        this.attacher = attacher;
        this.live = live;
    }

    public NetworkService networks() {
        return networks;
    }

    public VolumeService volumes() {
        return volumes;
    }

    public NetworkAttacher attacher() {
        return attacher;
    }

    public ContainerService containers() {
        return containers;
    }

    public ImageService images() {
        return images;
    }

    public LiveEvents live() {
        return live;
    }

    /**
     * What the engine is built from: the drivers, the stores, and the daemon's network settings.
     *
     * @param runtimes   every runtime that runs here, by name ({@code docker run --runtime NAME})
     * @param defaultRuntime the one a create that names none gets ({@code default-runtime}); among {@code runtimes}
     * @param networks   every network driver that runs here, by name ({@code docker network create -d NAME})
     * @param volumes    every volume driver that runs here, by name ({@code docker volume create -d NAME})
     * @param lookup     asked for driver names none of those have, when they are used (Docker's plugin sockets)
     * @param bridgeName the default bridge's device ({@code --bridge}, default {@code berth0})
     * @param bip        the default bridge's address ({@code --bip}), null = first free pool
     * @param hostGatewayIps what {@code --add-host NAME:host-gateway} stands for ({@code --host-gateway-ip});
     *                   empty = the default bridge's gateway
     */
    public record Parts(Path dataRoot, Map<String, RuntimeDriver> runtimes, String defaultRuntime, Snapshotter snapshotter, Map<String, NetworkDriver> networks,
                        Sandboxes sandboxes, ContentStore content, Importer importer, String bridgeName, String bip,
                        List<SubnetPools.Pool> pools, List<String> hostGatewayIps, Map<String, VolumeDriver> volumes,
                        DriverLookup lookup, NetworkDefaults networkDefaults) {
        /** Without daemon network settings. */
        public Parts(Path dataRoot, Map<String, RuntimeDriver> runtimes, String defaultRuntime, Snapshotter snapshotter,
                     Map<String, NetworkDriver> networks, Sandboxes sandboxes, ContentStore content, Importer importer,
                     String bridgeName, String bip, List<SubnetPools.Pool> pools, List<String> hostGatewayIps,
                     Map<String, VolumeDriver> volumes, DriverLookup lookup) {
            this(dataRoot, runtimes, defaultRuntime, snapshotter, networks, sandboxes, content, importer, bridgeName, bip,
                    pools, hostGatewayIps, volumes, lookup, NetworkDefaults.NONE);
        }
    }

    /** Spawns the entity parents on {@code system} (a guardian-less system: uses systemActorOf). */
    public static Engine start(ActorSystem<?> system, Parts parts) throws Exception {
        var containerView = new ContainerView();
        // reads the view for each container's runtime: filled by the rebuild below before any entity wakes
        var router = new RuntimeRouter(parts.runtimes(), parts.defaultRuntime(), containerView);
        var imageView = new ImageView();
        var networkView = new NetworkView();
        var volumeView = new VolumeView();
        var live = new LiveEvents();
        // Acknowledged events the journal lost in a kill go back in before anything reads it.
        AcknowledgedEvents.restore(parts.dataRoot()).forEach(e ->
                LOG.warn("start-up reconciliation: acknowledged event {} was missing from the journal; put back", e));
        var acknowledged = AcknowledgedEvents.open(system, parts.dataRoot());
        live.onJournaled(acknowledged::append);
        // The name directory recovers (and with it the persistence plugin starts: ~1 s of CPU) on other
        // threads while this one folds the read models; the reconciliation below waits for it.
        var nameState = new AtomicReference<>(NameState.empty());
        var names = system.systemActorOf(supervised(ContainerNames.create(nameState::set)), "container-names",
                org.apache.pekko.actor.typed.Props.empty());
        long t0 = System.nanoTime();
        PHASES.clear();
        mark("before");
        int events = rebuild(system, parts.dataRoot(), containerView, imageView, networkView, volumeView,
                system.dispatchers().lookup(DispatcherSelector.blocking()));
        LOG.info("read models rebuilt from the snapshot and {} journal events in {} ms: {} containers, {} images, {} networks, {} volumes",
                events, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), containerView.size(), imageView.size(),
                networkView.all().size(), volumeView.all().size());
        mark("read models");
        var ask = new Ask(system, Duration.ofSeconds(60));
        var networkRegistry = system.systemActorOf(NetworkRegistry.create(networkView, live), "networks",
                org.apache.pekko.actor.typed.Props.empty());
        var networkService = new NetworkService(networkRegistry, networkView, parts.networks(),
                new SubnetPools(parts.pools()), ask, parts.hostGatewayIps(), parts.lookup());
        networkService.withDefaultBridgeOptions(parts.networkDefaults().defaultBridgeOptions())
                .withDefaultNetworkOpts(parts.networkDefaults().networkOpts());
        networkService.ensureBuiltIns(parts.bridgeName(), parts.bip());
        networkService.checkDefaultBridge(parts.bridgeName());
        var attacher = new NetworkAttacher(networkService, parts.sandboxes(), parts.networkDefaults());
        mark("networks");
        // The volume service exists before the containers wake (a container that exited meanwhile
        // unmounts its volumes); the drivers are told what to restore once the containers have re-adopted.
        var volumeRegistry = system.systemActorOf(VolumeRegistry.create(volumeView, live), "volumes",
                org.apache.pekko.actor.typed.Props.empty());
        var volumeService = new VolumeService(volumeRegistry, volumeView, parts.volumes(), parts.lookup(), ask);
        var logShippers = new LogShippers(parts.dataRoot(), id -> containerView.get(id).map(c -> c.info()).orElse(null));
        ContainerRuntime runtime = new LoggingRuntime(new DriverRuntime(router, parts.snapshotter(), attacher,
                volumeService, parts.dataRoot(), containerView), logShippers);
        ContentStore content = parts.content();
        Importer importer = parts.importer();

        Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        var deps = new ContainerEntity.Deps(runtime, blocking, containerView, live, names);
        var containerRegistry = system.systemActorOf(ContainerRegistry.create(deps), "containers",
                org.apache.pekko.actor.typed.Props.empty());
        var imageRegistry = system.systemActorOf(ImageRegistry.create(imageView, live), "images",
                org.apache.pekko.actor.typed.Props.empty());
        var tags = system.systemActorOf(supervised(ImageTags.create(imageView, live)), "image-tags",
                org.apache.pekko.actor.typed.Props.empty());
        runtime.setExitListener((id, status) -> containerRegistry.tell(new ContainerRegistry.Envelope(id,
                new dev.berth.actors.container.ContainerCommand.RuntimeExited(status))));

        var imageService = new ImageService(imageRegistry, tags, imageView, content, importer, ask);
        var containerService = new ContainerService(containerRegistry, names, containerView, imageService, networkView,
                volumeService, ask).withDefaultBridgeIcc(!"false".equals(
                        parts.networkDefaults().defaultBridgeOptions().get(dev.berth.spi.network.NetworkSpec.ICC_OPTION)));

        // Containers the journal says run: the runtime confirms each process first; those it does not
        // confirm wake now and journal what happened, so `ps` right after a restart is the truth.
        var adoption = StartupAdoption.plan(containerView, router);
        StartupAdoption.reconcile(adoption, containerRegistry, ask);
        Set<String> owned = adoption.owned();
        mark("adopt " + adoption.disputed().size() + "/" + owned.size());
        // What a kill left between a journaled fact and its clean-up, before anyone can use the API.
        StartupReconciliation.run(new Leftovers(router, parts.snapshotter(), parts.sandboxes(), parts.dataRoot()),
                containerView, networkView, owned, names, nameState, ask);
        mark("reconcile");
        // Once the containers that died meanwhile have left their networks: a new --bip, --ipv6 or --fixed-cidr-v6
        // readdresses the default bridge.
        networkService.applyBip(parts.bip(), parts.networkDefaults().bridgeIpv6());
        // After the containers have re-adopted their processes: the drivers learn which mounts are still used.
        volumeService.restore(id -> containerView.get(id)
                .map(s -> s instanceof ContainerState.Running || s instanceof ContainerState.Starting).orElse(false),
                id -> containerView.get(id).isPresent());
        mark("volumes");
        LOG.info("engine start-up phases (wall/main cpu/process cpu ms): {}", PHASES);
        var engine = new Engine(containerService, imageService, networkService, attacher, volumeService, live);
        engine.logShippers = logShippers;
        engine.acknowledged = acknowledged;
        engine.dataRoot = parts.dataRoot();
        engine.runtime = router;
        engine.recovery = () -> {
            recover(system, containerView, containerRegistry, networkService, attacher, blocking);
            StartupAdoption.wakeInBackground(adoption, containerRegistry, ask, blocking);
        };
        engine.restarts = () -> RestartOnBoot.begin(containerView, containerRegistry, ask, blocking);
        return engine;
    }

    private static final Map<String, String> PHASES = new java.util.LinkedHashMap<>();
    private static long last = System.nanoTime();
    private static long lastCpu;
    private static long lastProcessCpu;

    /** Wall, this thread's CPU and the process's CPU since the previous mark, in ms: load on the host skews the first alone. */
    private static void mark(String phase) {
        long now = System.nanoTime();
        long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long processCpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        PHASES.put(phase, TimeUnit.NANOSECONDS.toMillis(now - last) + "/" + TimeUnit.NANOSECONDS.toMillis(cpu - lastCpu)
                + "/" + TimeUnit.NANOSECONDS.toMillis(processCpu - lastProcessCpu));
        last = now;
        lastCpu = cpu;
        lastProcessCpu = processCpu;
    }

    private Runnable recovery = () -> { };
    private LogShippers logShippers;
    private RuntimeRouter runtime;
    private AcknowledgedEvents acknowledged;
    private Path dataRoot;

    /**
     * Drops from the acknowledged-events log what the journal's file holds for certain (housekeeping
     * calls it after each compaction pass): the log stays a few MB however long the daemon runs.
     */
    public long trimAcknowledged() {
        return acknowledged.trim(() -> JournalCompaction.storeCommittedVersion(dataRoot));
    }

    /** Every runtime behind one driver: each call goes to its container's runtime. */
    public RuntimeRouter runtime() {
        return runtime;
    }

    /** The running containers' log shippers: {@code docker logs} reads through them. */
    public LogShippers logShippers() {
        return logShippers;
    }
    private Runnable restarts = () -> { };

    /**
     * Host networking is repaired in the background: call it once the API serves, so reads are not
     * slowed by it; network changes wait for it ({@link NetworkService#awaitReady}).
     */
    public void recoverInBackground() {
        recovery.run();
        restarts.run(); // restart policies at daemon start, as dockerd's restore
    }

    private static void recover(ActorSystem<?> system, ContainerView containerView,
                                org.apache.pekko.actor.typed.ActorRef<ContainerRegistry.Envelope> containerRegistry,
                                NetworkService networkService, NetworkAttacher attacher, Executor blocking) {
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            long t1 = System.nanoTime();
            try {
                attacher.restore(containerView.all());
            } catch (RuntimeException e) {
                LOG.error("restoring host networking failed: {}", e.getMessage(), e);
            } finally {
                networkService.markReady();
            }
            LOG.info("host networking restored in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1));
        }, blocking);
    }

    private static <T> org.apache.pekko.actor.typed.Behavior<T> supervised(org.apache.pekko.actor.typed.Behavior<T> b) {
        return Behaviors.supervise(b).onFailure(SupervisorStrategy.restartWithBackoff(
                Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    }

    /** What the fold keeps for a container once removed (its info is never read again). */
    private static final ContainerState GONE = new ContainerState.Removed(null);

    /**
     * Brings {@code base} up to date: every event after its ordering folded in (by persistence id),
     * and what can never change again (removed containers, gone images and networks) dropped.
     */
    static ReadModelSnapshot fold(ActorSystem<?> system, Path dataRoot, ReadModelSnapshot base, int[] count) {
        return fold(system, dataRoot, base, Long.MAX_VALUE, count);
    }

    /** As {@link #fold(ActorSystem, Path, ReadModelSnapshot, int[])}, only up to journal ordering {@code upTo}. */
    static ReadModelSnapshot fold(ActorSystem<?> system, Path dataRoot, ReadModelSnapshot base, long upTo, int[] count) {
        Map<String, ContainerState> cs = new HashMap<>(base.containers());
        Map<String, ImageState> is = new HashMap<>(base.images());
        Map<String, NetworkState> ns = new HashMap<>(base.networks());
        Map<String, VolumeState> vs = new HashMap<>(base.volumes());
        TagState[] tags = {base.tags()};
        JournalScan.Result result = JournalScan.scan(system, dataRoot, base.ordering(), upTo, (pid, seq, e) -> {
            if (e instanceof ContainerEvent ce) {
                ContainerState next = cs.getOrDefault(pid, ContainerState.empty()).apply(ce);
                // A removed container's state is final (Removed ignores what follows) and dropped below:
                // kept as one shared mark, a tail of many removed containers does not hold their configs.
                cs.put(pid, next instanceof ContainerState.Removed ? GONE : next);
            } else if (e instanceof ImageEvent ie) {
                is.put(pid, is.getOrDefault(pid, ImageState.empty()).apply(ie));
            } else if (e instanceof NetworkEvent ne) {
                ns.put(pid, ns.getOrDefault(pid, NetworkState.empty()).apply(ne));
            } else if (e instanceof VolumeEvent ve) {
                vs.put(pid, vs.getOrDefault(pid, VolumeState.empty()).apply(ve));
            } else if (e instanceof TagEvent te) {
                tags[0] = tags[0].apply(te);
            }
        });
        count[0] = (int) result.count();
        cs.values().removeIf(st -> st instanceof ContainerState.Removed || st instanceof ContainerState.None);
        is.values().removeIf(st -> !(st instanceof ImageState.Present));
        ns.values().removeIf(st -> !(st instanceof NetworkState.Active));
        vs.values().removeIf(st -> !(st instanceof VolumeState.Active));
        return new ReadModelSnapshot(result.lastOrdering(), cs, is, tags[0], ns, vs);
    }

    /** The read models from the last snapshot plus the journal's tail; a fresh snapshot is saved in the background. */
    private static int rebuild(ActorSystem<?> system, Path dataRoot, ContainerView containers, ImageView images,
                               NetworkView networks, VolumeView volumes, Executor background) {
        ReadModelSnapshot base = ReadModelSnapshots.load(system, dataRoot).orElse(ReadModelSnapshot.empty());
        int[] count = {0};
        ReadModelSnapshot now = fold(system, dataRoot, base, count);
        now.containers().values().forEach(s -> containers.update(s.info().id(), s));
        now.images().forEach((pid, s) -> images.image(pid.substring(pid.indexOf('|') + 1), s));
        images.tags(now.tags());
        now.networks().forEach((pid, s) -> networks.update(pid.substring(pid.indexOf('|') + 1), s));
        now.volumes().forEach((pid, s) -> volumes.update(pid.substring(pid.indexOf('|') + 1), s));
        if (count[0] > 0) {
            background.execute(() -> ReadModelSnapshots.save(system, dataRoot, now));
        }
        return count[0];
    }

    /** At a clean stop: the read models' snapshot brought up to the journal's end, so the next start replays nothing. */
    public static void saveReadModels(ActorSystem<?> system, Path dataRoot) {
        saveReadModels(system, dataRoot, Long.MAX_VALUE);
    }

    /**
     * The read models' snapshot brought up to journal ordering {@code upTo} while the daemon runs. Only
     * rows that have settled may go in: H2 can lose a row it acknowledged when killed, and
     * {@code AcknowledgedEvents} then puts it back at a higher ordering, which a snapshot that already
     * holds it would fold twice.
     */
    public static void saveReadModels(ActorSystem<?> system, Path dataRoot, long upTo) {
        ReadModelSnapshot base = ReadModelSnapshots.load(system, dataRoot).orElse(ReadModelSnapshot.empty());
        if (base.ordering() >= upTo) {
            return;
        }
        int[] count = {0};
        ReadModelSnapshot now = fold(system, dataRoot, base, upTo, count);
        if (count[0] > 0) {
            ReadModelSnapshots.save(system, dataRoot, now);
        }
    }
}
