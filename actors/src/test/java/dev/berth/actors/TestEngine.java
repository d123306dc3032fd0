package dev.berth.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.berth.actors.container.ContainerCommand;
import dev.berth.actors.container.ContainerEntity;
import dev.berth.actors.container.ContainerRegistry;
import dev.berth.actors.container.ContainerRuntime;
import dev.berth.actors.container.ContainerService;
import dev.berth.actors.container.ContainerView;
import dev.berth.actors.image.ImageRegistry;
import dev.berth.actors.image.ImageService;
import dev.berth.actors.image.ImageTags;
import dev.berth.actors.image.ImageView;
import dev.berth.actors.image.TagCommand;
import dev.berth.actors.names.ContainerNames;
import dev.berth.actors.names.NamesCommand;
import dev.berth.actors.network.NetworkRegistry;
import dev.berth.actors.network.NetworkService;
import dev.berth.actors.network.NetworkView;
import dev.berth.actors.network.SubnetPools;
import dev.berth.actors.support.Ask;
import dev.berth.actors.volume.DirectoryVolumeDriver;
import dev.berth.actors.volume.VolumeRegistry;
import dev.berth.actors.volume.VolumeService;
import dev.berth.actors.volume.VolumeView;
import dev.berth.actors.support.LiveEvents;
import dev.berth.image.ContentStore;
import dev.berth.image.Importer;
import dev.berth.image.LayerStore;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.spi.EngineException;
import dev.berth.spi.network.EndpointSpec;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkSpec;
import dev.berth.spi.runtime.ExitListener;
import dev.berth.spi.runtime.ExitStatus;
import dev.berth.spi.runtime.RunResult;
import dev.berth.spi.runtime.RuntimeStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;

/**
 * The engine's parts wired as {@link Engine#start} wires them — the three registries, the name and
 * tag directories, the read models, one {@link LiveEvents}, one {@link Ask} — on an
 * {@link ActorTestKit} whose journal and snapshot store are Pekko's in-memory persistence test kit
 * (events and snapshots still go through the Jackson serializer). The content store, layer store
 * and importer are the real ones on a temporary directory. Only the drivers are stand-ins: a
 * {@link Processes} runtime in place of {@code DriverRuntime} (runc, the snapshotter and the network
 * attacher are covered by their own tests and the daemon's ITs) and a {@link RecordingNetworkDriver}.
 *
 * <p>One per test: {@link #close} stops what it spawned and empties the journal, so the next test's
 * directories (fixed persistence ids) start from nothing.
 */
public final class TestEngine implements AutoCloseable {
    /** The default bridge's address when a test does not care which pool it comes from. */
    public static final String BIP = "10.200.0.1/24";

    private final ActorTestKit kit;
    private final List<ActorRef<?>> spawned = new ArrayList<>();
    public final Processes runtime = new Processes();
    public final RecordingNetworkDriver networkDriver = new RecordingNetworkDriver();
    public final Ask ask;
    public final LiveEvents live = new LiveEvents();
    public final ContainerView containerView = new ContainerView();
    public final ImageView imageView = new ImageView();
    public final NetworkView networkView = new NetworkView();
    public final VolumeView volumeView = new VolumeView();
    /** The {@code local} stand-in: real directories under {@code <dataRoot>/volumes}. */
    public final DirectoryVolumeDriver volumeDriver;
    public final ActorRef<VolumeRegistry.Envelope> volumeRegistry;
    public final VolumeService volumes;
    public final ContentStore content;
    public final LayerStore layers;
    public final ActorRef<NamesCommand> names;
    public final ActorRef<ContainerRegistry.Envelope> containerRegistry;
    public final ActorRef<ImageRegistry.Envelope> imageRegistry;
    public final ActorRef<TagCommand> tags;
    public final ActorRef<NetworkRegistry.Envelope> networkRegistry;
    public final NetworkService networks;
    public final ImageService images;
    public final ContainerService containers;

    /** The test kit's configuration: our serializers and migrations, Pekko's in-memory journal and snapshots. */
    public static Config config() {
        return PersistenceTestKitPlugin.config()
                .withFallback(PersistenceTestKitSnapshotPlugin.config())
                .withFallback(ConfigFactory.load());
    }

    /** With the default bridge on {@link #BIP} and Docker's default pools for user networks. */
    public static TestEngine start(ActorTestKit kit, Path dataRoot) {
        return new TestEngine(kit, dataRoot, new SubnetPools(List.of()), BIP);
    }

    /** @param bip the default bridge's address, or null to take it from {@code pools} as a first start does */
    public static TestEngine start(ActorTestKit kit, Path dataRoot, SubnetPools pools, String bip) {
        return new TestEngine(kit, dataRoot, pools, bip);
    }

    private TestEngine(ActorTestKit kit, Path dataRoot, SubnetPools pools, String bip) {
        this.kit = kit;
        var system = kit.system();
        this.ask = new Ask(system, Duration.ofSeconds(10));
        this.networkRegistry = spawn(NetworkRegistry.create(networkView, live));
        this.networks = new NetworkService(networkRegistry, networkView, Map.of("bridge", networkDriver), pools, ask, List.of());
        networks.ensureBuiltIns("berth-test0", bip);
        networks.checkDefaultBridge("berth-test0");
        // Engine marks networking ready once the start-up restore is done; a fresh journal has nothing to restore.
        networks.markReady();

        this.volumeDriver = new DirectoryVolumeDriver("local", dataRoot.resolve("volumes"));
        this.volumeRegistry = spawn(VolumeRegistry.create(volumeView, live));
        this.volumes = new VolumeService(volumeRegistry, volumeView, Map.of("local", volumeDriver), ask);

        this.content = new ContentStore(dataRoot);
        this.layers = new LayerStore(dataRoot);
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        this.names = spawn(supervised(ContainerNames.create(s -> { })));
        var deps = new ContainerEntity.Deps(runtime, blocking, containerView, live, names);
        this.containerRegistry = spawn(ContainerRegistry.create(deps));
        this.imageRegistry = spawn(ImageRegistry.create(imageView, live));
        this.tags = spawn(supervised(ImageTags.create(imageView, live)));
        runtime.setExitListener((id, status) -> containerRegistry.tell(new ContainerRegistry.Envelope(id,
                new ContainerCommand.RuntimeExited(status))));

        this.images = new ImageService(imageRegistry, tags, imageView, content, new Importer(content, layers), ask);
        this.containers = new ContainerService(containerRegistry, names, containerView, images, networkView, volumes,
                ask);
    }

    private <T> ActorRef<T> spawn(Behavior<T> behavior) {
        ActorRef<T> ref = kit.spawn(behavior);
        spawned.add(ref);
        return ref;
    }

    private static <T> Behavior<T> supervised(Behavior<T> b) {
        return Behaviors.supervise(b).onFailure(SupervisorStrategy.restartWithBackoff(
                Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    }

    /** The journal's test kit, to make a write fail. */
    public PersistenceTestKit journal() {
        return PersistenceTestKit.create(kit.system());
    }

    /**
     * {@code docker import} of a tiny root filesystem ({@code /bin/sh} as a regular file, and
     * {@code /etc/marker} holding {@code marker}, so that different markers are different images).
     *
     * @param repo    null for an untagged image
     * @param changes Dockerfile instructions, e.g. {@code CMD ["/bin/sh"]}
     */
    public String importImage(String repo, String tag, String marker, String... changes) {
        return images.importRootfs(new ByteArrayInputStream(rootfs(marker)), repo, tag, List.of(changes), null,
                null, null, (id, status, current, total) -> { });
    }

    static byte[] rootfs(String marker) {
        var bytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(bytes)) {
            directory(tar, "bin/");
            file(tar, "bin/sh", 0755, "#!/bin/true\n");
            directory(tar, "etc/");
            file(tar, "etc/marker", 0644, marker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        var e = new TarArchiveEntry(name);
        e.setMode(040755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, int mode, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        var e = new TarArchiveEntry(name);
        e.setMode(0100000 | mode);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    @Override
    public void close() {
        spawned.forEach(kit::stop);
        PersistenceTestKit.create(kit.system()).clearAll();
        PersistenceTestKit.create(kit.system()).resetPolicy();
        SnapshotTestKit.create(kit.system()).clearAll();
    }

    /**
     * The runtime stand-in: each started container is a "process" that runs until {@link #exit} is
     * called or it is sent a signal, which ends it as the kernel would (exit code 128 + signal). The
     * exit reaches the entity through the exit listener, as the runc driver's does.
     */
    public static final class Processes implements ContainerRuntime {
        public final List<String> started = new CopyOnWriteArrayList<>();
        public final List<String> signals = new CopyOnWriteArrayList<>();
        public final List<String> removed = new CopyOnWriteArrayList<>();
        public volatile ContainerInfo lastStarted;
        /** Thrown by the next starts while set. */
        public volatile EngineException startError;
        private final Set<String> running = ConcurrentHashMap.newKeySet();
        private volatile ExitListener listener;

        @Override
        public RunResult start(ContainerInfo info) {
            if (startError != null) {
                throw startError;
            }
            started.add(info.id());
            lastStarted = info;
            running.add(info.id());
            return new RunResult(4242, Instant.now());
        }

        /** The container's process ends by itself with {@code code}. */
        public void exit(String id, int code) {
            if (running.remove(id)) {
                listener.exited(id, new ExitStatus(code, false, Instant.now()));
            }
        }

        @Override
        public void kill(String id, int signal) {
            signals.add(id + ":" + signal);
            exit(id, 128 + signal);
        }

        @Override
        public void cleanup(String id) {}

        @Override
        public void remove(String id) {
            removed.add(id);
        }

        @Override
        public RuntimeStatus restore(String id) {
            return new RuntimeStatus.Missing();
        }

        @Override
        public void setExitListener(ExitListener listener) {
            this.listener = listener;
        }
    }

    /** The network driver stand-in: records what it is asked; a create fails while {@link #createError} is set. */
    public static final class RecordingNetworkDriver implements NetworkDriver {
        public final List<NetworkSpec> created = new CopyOnWriteArrayList<>();
        public final List<String> deleted = new CopyOnWriteArrayList<>();
        public volatile EngineException createError;

        @Override
        public String name() {
            return "bridge";
        }

        @Override
        public boolean supportsIpv6() {
            return true;
        }

        @Override
        public void createNetwork(NetworkSpec spec) {
            if (createError != null) {
                throw createError;
            }
            created.add(spec);
        }

        @Override
        public void deleteNetwork(String networkId) {
            deleted.add(networkId);
        }

        @Override
        public Endpoint join(EndpointSpec spec) {
            return new Endpoint("veth-test", "eth0", "02:42:00:00:00:00");
        }

        @Override
        public void leave(EndpointSpec spec) {}

        @Override
        public void updateNames(String networkId, String containerId, List<String> dnsNames) {}

        @Override
        public List<EndpointSpec> restore(List<NetworkSpec> networks, List<EndpointSpec> endpoints) {
            return List.of();
        }

        @Override
        public void close() {}
    }
}
