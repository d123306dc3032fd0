package dev.berth.actors.container;

import dev.berth.image.Digest;
import dev.berth.actors.network.NetworkAttacher;
import dev.berth.actors.support.Workflow;
import dev.berth.actors.volume.VolumeService;
import dev.berth.image.Snapshotter;
import dev.berth.image.SubpathMounts;
import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.Blkio;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.GivenAs;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.ImageMount;
import dev.berth.persistence.container.TmpfsMount;
import dev.berth.persistence.container.VolumeBind;
import dev.berth.spi.Caller;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.ExitListener;
import dev.berth.spi.runtime.RunResult;
import dev.berth.spi.runtime.RuntimeDriver;
import dev.berth.spi.runtime.RuntimeStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ContainerRuntime} on a runtime driver and the overlay snapshotter. */
public final class DriverRuntime implements ContainerRuntime {
    // `--log-level debug` shows where a start and a removal spend their time, one line per phase
    private static final Logger PHASE = LoggerFactory.getLogger("berth.phase");
    // a clean-up's network side and runtime delete; threads only while clean-ups run (a cached pool's idle ones end)
    private static final ExecutorService CLEANERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "berth-cleanup");
        t.setDaemon(true);
        return t;
    });
    private final RuntimeDriver driver;
    private final Snapshotter snapshotter;
    private final NetworkAttacher networks;
    private final VolumeService volumes;
    private final Path containersDir;
    private final NamespaceJoins joins;
    private final ContainerView view;
    private final RecursiveReadOnly readOnly;

    /** With no other container to join namespaces of. */
    public DriverRuntime(RuntimeDriver driver, Snapshotter snapshotter, NetworkAttacher networks, VolumeService volumes,
                         Path dataRoot) {
        this(driver, snapshotter, networks, volumes, dataRoot, new ContainerView());
    }

    /** @param view the containers whose namespaces {@code --pid/--ipc container:X} join */
    public DriverRuntime(RuntimeDriver driver, Snapshotter snapshotter, NetworkAttacher networks, VolumeService volumes,
                         Path dataRoot, ContainerView view) {
        this.driver = driver;
        this.snapshotter = snapshotter;
        this.networks = networks;
        this.volumes = volumes;
        this.containersDir = dataRoot.resolve("containers");
        this.joins = new NamespaceJoins(view, containersDir);
        this.view = view;
        this.readOnly = new RecursiveReadOnly(driver);
    }

    public static Path bundleDir(Path dataRoot, String id) {
        return dataRoot.resolve("containers").resolve(id);
    }

    @Override
    public RunResult start(ContainerInfo info) {
        String id = info.id();
        List<Digest> layers = info.layers().stream().map(Digest::parse).toList();
        return Workflow.run("start " + id, w -> {
            // the containers joined must run: checked before anything is made
            NamespaceJoins.Resolved joined = joins.resolve(id, info.hostConfig());
            createMissingBindSources(info.hostConfig());
            Path rootfs = w.step("mount rootfs", () -> timed(id, "rootfs mount", () -> snapshotter.mount(id, layers)),
                    p -> snapshotter.unmount(id));
            List<ContainerSpec.Mount> volumeMounts = new ArrayList<>();
            Path bundle = containersDir.resolve(id);
            SubpathMounts.release(bundle); // a start killed half-way left its mount points
            List<VolumeBind> volumes = info.hostConfig().volumes();
            for (int i = 0; i < volumes.size(); i++) {
                VolumeBind v = volumes.get(i);
                Path dir = w.step("mount volume " + v.name(), () -> this.volumes.mount(v.name(), id, v.target(),
                        !v.readOnly(), ""), p -> this.volumes.unmount(v.name(), id));
                if (!v.noCopy() && v.subpath().isEmpty()) {
                    CopyUp.intoEmptyVolume(rootfs, v.target(), dir);
                }
                Path source = dir;
                if (!v.subpath().isEmpty()) {
                    Path point = SubpathMounts.dir(bundle).resolve(Integer.toString(i));
                    source = w.step("mount subpath " + v.subpath() + " of volume " + v.name(), () -> {
                        SubpathMounts.bind(dir, v.subpath(), point);
                        return point;
                    }, p -> SubpathMounts.release(bundle));
                }
                volumeMounts.add(new ContainerSpec.Mount("bind", source.toString(), v.target(),
                        List.of("rbind", v.readOnly() ? readOnly.option(id, runtimeName(info),
                                BindMount.ReadOnlyDepth.RECURSIVE_WHERE_SUPPORTED) : "rw")));
            }
            List<ImageMount> images = info.hostConfig().imageMounts();
            for (int i = 0; i < images.size(); i++) {
                ImageMount m = images.get(i);
                int index = i;
                Path root = w.step("mount image " + m.image(), () -> snapshotter.mountImage(id, index,
                        m.layers().stream().map(Digest::parse).toList()), p -> snapshotter.unmountImages(id));
                Path source = root;
                if (!m.subpath().isEmpty()) {
                    Path point = SubpathMounts.dir(bundle).resolve("image-" + index);
                    source = w.step("mount subpath " + m.subpath() + " of image " + m.image(), () -> {
                        SubpathMounts.bind(root, m.subpath(), point);
                        return point;
                    }, p -> SubpathMounts.release(bundle));
                }
                // read-only whatever the request said, as dockerd's
                volumeMounts.add(new ContainerSpec.Mount("bind", source.toString(), m.target(), List.of("rbind",
                        readOnly.option(id, runtimeName(info), BindMount.ReadOnlyDepth.RECURSIVE_WHERE_SUPPORTED))));
            }
            var net = joined.netNamespace() != null ? joinedNetwork(joined.netNamespace())
                    : w.step("attach networks", () -> timed(id, "network attach", () -> networks.attach(info)),
                            n -> networks.detach(id));
            net = LegacyLinks.withLinks(info, net, view, networks);
            var spec = spec(info, rootfs, net, volumeMounts, joined);
            try {
                return timed(id, "runtime start", () -> driver.start(spec));
            } finally {
                // the runtime's binds hold the subpaths now (or the start failed): the host's go
                SubpathMounts.release(bundle);
            }
        });
    }

    /** @param volumeMounts the volumes' and mounted images' host directories, bound at their targets */
    ContainerSpec spec(ContainerInfo info, Path rootfs, ContainerSpec.NetworkSetup net,
                       List<ContainerSpec.Mount> volumeMounts) {
        return spec(info, rootfs, net, volumeMounts, joins.resolve(info.id(), info.hostConfig()));
    }

    /** {@code --network container:X}: X's namespace as it is, its files for hosts and DNS. */
    private static ContainerSpec.NetworkSetup joinedNetwork(Path netns) {
        return new ContainerSpec.NetworkSetup(ContainerSpec.NetworkMode.NAMESPACE, netns, List.of(), List.of(),
                List.of(), List.of(), List.of());
    }

    /** @param joined the groups and the namespaces joined, resolved at this start */
    ContainerSpec spec(ContainerInfo info, Path rootfs, ContainerSpec.NetworkSetup net,
                       List<ContainerSpec.Mount> volumeMounts, NamespaceJoins.Resolved joined) {
        var c = info.config();
        HostConfig h = info.hostConfig();
        Path bundle = containersDir.resolve(info.id());
        List<ContainerSpec.Mount> mounts = new ArrayList<>();
        for (TmpfsMount t : h.tmpfs()) {
            mounts.add(new ContainerSpec.Mount("tmpfs", "tmpfs", t.target(), t.options()));
        }
        for (BindMount b : h.binds()) {
            mounts.add(bindMount(b, b.readOnly() ? readOnly.option(info.id(), runtimeName(info), b.depth()) : "rw"));
        }
        mounts.addAll(volumeMounts);
        boolean hostUts = h.utsMode().equals("host");
        // on another's network namespace the container is named as that one, as dockerd names it
        ContainerInfo named = joined.netDonor() != null ? joined.netDonor() : info;
        String hostname = hostUts ? hostHostname()
                : named.config().hostname().isEmpty() ? named.id().substring(0, 12) : named.config().hostname();
        return new ContainerSpec(info.id(), bundle, rootfs, h.readonlyRootfs(), c.argv(), c.env(), c.workingDir(),
                c.user(), hostname, named.config().domainname(), net, mounts,
                resources(h),
                new ContainerSpec.Security(h.privileged(), h.capAdd(), h.capDrop(), h.securityOpt(), h.maskedPaths(),
                        h.readonlyPaths()),
                c.labels(), bundle.resolve("container.log"), c.tty(), c.openStdin(), c.openStdin() && c.stdinOnce(),
                h.init(), h.effectiveShmSize(),
                h.ulimits().stream().map(u -> new ContainerSpec.Rlimit(u.name(), u.soft(), u.hard())).toList(),
                h.sysctls(), h.oomScoreAdj(), h.ipcMode().equals("host"), h.pidMode().equals("host"), hostUts,
                joined.options(), h.annotations(), h.consoleSize().isEmpty() ? ContainerSpec.ConsoleSize.NONE
                        : new ContainerSpec.ConsoleSize(h.consoleSize().get(0), h.consoleSize().get(1)));
    }

    /** With {@code --uts host} the container's name is the host's, as dockerd sets it. */
    private static String hostHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The name of the runtime the container runs on, as dockerd's messages give it. */
    private static String runtimeName(ContainerInfo info) {
        String name = info.hostConfig().runtime();
        return name == null || name.isEmpty() ? "runc" : name;
    }

    /**
     * {@code -v /missing:/x} makes the host directory, as dockerd does at start; {@code --mount} binds
     * were checked to exist at create and are made only with {@code CreateMountpoint}.
     */
    private static void createMissingBindSources(HostConfig h) {
        for (BindMount b : h.binds()) {
            Path source = Path.of(b.source());
            if ((b.given() != GivenAs.MOUNTS || b.createMountpoint()) && !Files.exists(source)) {
                try {
                    Files.createDirectories(source);
                } catch (IOException e) {
                    throw EngineException.internal("error while creating mount source path '" + source + "': "
                            + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * A bind as the runtime mounts it: recursive unless asked not to, {@code access} ({@code rw}, or for a
     * read-only bind {@code ro} or {@code rro}), and the propagation asked for (else the driver's).
     */
    static ContainerSpec.Mount bindMount(BindMount bind, String access) {
        List<String> options = new ArrayList<>(List.of(bind.nonRecursive() ? "bind" : "rbind", access));
        if (bind.propagation() != null) {
            options.add(bind.propagation().word());
        }
        return new ContainerSpec.Mount("bind", bind.source(), bind.target(), options);
    }

    @Override
    public void kill(String id, int signal) {
        driver.kill(id, signal);
    }

    @Override
    public void cleanup(String id) {
        // The run is over: its netns and endpoints have nothing to do with the runtime's delete or the
        // unmounts, so the network side (leave, rules, veth, the endpoint journaled) goes meanwhile.
        // (as the same caller: the endpoint's leave is journaled as this clean-up's)
        Caller caller = Caller.current();
        CompletableFuture<Void> detached = CompletableFuture.runAsync(() -> Caller.run(caller,
                () -> timed(id, "network detach", () -> networks.detach(id))), CLEANERS);
        // The runtime's delete (a runc process, its cgroups and state dir) does not read the rootfs or the
        // volumes: the unmounts go beside it. The run has ended (or never started and is killed by that
        // delete), and the clean-up is over only when both are, so the removal that follows finds neither.
        CompletableFuture<Void> deleted = CompletableFuture.runAsync(
                () -> timed(id, "runtime delete", () -> driver.delete(id)), CLEANERS);
        try {
            SubpathMounts.release(containersDir.resolve(id));
            volumes.unmountAll(id);
            snapshotter.unmountImages(id);
            timed(id, "rootfs unmount", () -> snapshotter.unmount(id));
        } finally {
            try {
                await(deleted);
            } finally {
                await(detached);
            }
        }
    }

    private static void await(CompletableFuture<Void> work) {
        try {
            work.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    @Override
    public void remove(String id) {
        remove(id, false);
    }

    @Override
    public void remove(String id, boolean removeAnonymousVolumes) {
        timed(id, "remove: runtime delete", () -> driver.delete(id));
        timed(id, "remove: network detach", () -> networks.detach(id));
        volumes.releaseAll(id, removeAnonymousVolumes);
        timed(id, "remove: snapshot remove", () -> snapshotter.remove(id));
        if (snapshotter.isMounted(id)) {
            throw EngineException.conflict("rootfs of " + id + " is still mounted; not deleting its directory");
        }
        timed(id, "remove: bundle delete", () -> deleteTree(containersDir.resolve(id)));
    }

    private static <T> T timed(String id, String phase, Supplier<T> work) {
        if (!PHASE.isDebugEnabled()) {
            return work.get();
        }
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            PHASE.debug("{} {} {} ms", id.substring(0, Math.min(12, id.length())), phase,
                    (System.nanoTime() - t0) / 1_000_000.0);
        }
    }

    private static void timed(String id, String phase, Runnable work) {
        timed(id, phase, () -> {
            work.run();
            return null;
        });
    }

    @Override
    public RuntimeStatus restore(String id) {
        return driver.restore(id);
    }

    @Override
    public void pause(String id) {
        driver.pause(id);
    }

    @Override
    public void resume(String id) {
        driver.resume(id);
    }

    @Override
    public boolean paused(String id) {
        return driver.paused(id);
    }

    @Override
    public void update(String id, HostConfig h) {
        driver.update(id, resources(h));
    }

    static ContainerSpec.Resources resources(HostConfig h) {
        return new ContainerSpec.Resources(h.memory(), h.memorySwap(), h.nanoCpus(), h.cpuShares(), h.pidsLimit(),
                h.cpusetCpus(), h.cpusetMems(), h.cpuQuota(), h.cpuPeriod(), h.memoryReservation(), h.oomKillDisable(),
                h.devices().stream().map(d -> new ContainerSpec.Device(d.pathOnHost(), d.pathInContainer(),
                        d.cgroupPermissions())).toList(),
                h.deviceCgroupRules().stream().map(r -> new ContainerSpec.DeviceRule(r.type(), r.major(), r.minor(),
                        r.access())).toList(),
                blkio(h.blkio()), h.memorySwappiness(),
                h.cpuRealtime() == null ? 0 : h.cpuRealtime().period(), h.cpuRealtime() == null ? 0 : h.cpuRealtime().runtime());
    }

    private static ContainerSpec.Blkio blkio(Blkio b) {
        return new ContainerSpec.Blkio(b.weight(),
                b.weightDevices().stream().map(w -> new ContainerSpec.DeviceLimit(w.path(), w.weight())).toList(),
                limits(b.readBps()), limits(b.writeBps()), limits(b.readIOps()), limits(b.writeIOps()));
    }

    private static List<ContainerSpec.DeviceLimit> limits(List<Blkio.ThrottleDevice> devices) {
        return devices.stream().map(t -> new ContainerSpec.DeviceLimit(t.path(), t.rate())).toList();
    }

    @Override
    public void setExitListener(ExitListener listener) {
        driver.setExitListener(listener);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
