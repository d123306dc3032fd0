package dev.berth.actors.container;

import dev.berth.image.Digest;
import dev.berth.actors.network.NetworkAttacher;
import dev.berth.actors.support.Workflow;
import dev.berth.image.Snapshotter;
import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.TmpfsMount;
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

/** {@link ContainerRuntime} on a runtime driver and the overlay snapshotter. */
public final class DriverRuntime implements ContainerRuntime {
    private final RuntimeDriver driver;
    private final Snapshotter snapshotter;
    private final NetworkAttacher networks;
    private final Path containersDir;

    public DriverRuntime(RuntimeDriver driver, Snapshotter snapshotter, NetworkAttacher networks, Path dataRoot) {
        this.driver = driver;
        this.snapshotter = snapshotter;
        this.networks = networks;
        this.containersDir = dataRoot.resolve("containers");
    }

    public static Path bundleDir(Path dataRoot, String id) {
        return dataRoot.resolve("containers").resolve(id);
    }

    @Override
    public RunResult start(ContainerInfo info) {
        String id = info.id();
        List<Digest> layers = info.layers().stream().map(Digest::parse).toList();
        return Workflow.run("start " + id, w -> {
            Path rootfs = w.step("mount rootfs", () -> snapshotter.mount(id, layers), p -> snapshotter.unmount(id));
            var net = w.step("attach networks", () -> networks.attach(info), n -> networks.detach(id));
            return driver.start(spec(info, rootfs, net));
        });
    }

    ContainerSpec spec(ContainerInfo info, Path rootfs, ContainerSpec.NetworkSetup net) {
        var c = info.config();
        HostConfig h = info.hostConfig();
        Path bundle = containersDir.resolve(info.id());
        List<ContainerSpec.Mount> mounts = new ArrayList<>();
        for (TmpfsMount t : h.tmpfs()) {
            mounts.add(new ContainerSpec.Mount("tmpfs", "tmpfs", t.target(), t.options()));
        }
        for (BindMount b : h.binds()) {
            mounts.add(bindMount(b));
        }
        boolean hostUts = h.utsMode().equals("host");
        String hostname = hostUts ? hostHostname() : c.hostname().isEmpty() ? info.id().substring(0, 12) : c.hostname();
        return new ContainerSpec(info.id(), bundle, rootfs, h.readonlyRootfs(), c.argv(), c.env(), c.workingDir(),
                c.user(), hostname, c.domainname(), net, mounts,
                resources(h),
                new ContainerSpec.Security(h.privileged(), h.capAdd(), h.capDrop(), h.securityOpt()),
                c.labels(), bundle.resolve("container.log"), c.tty(), c.openStdin(), c.openStdin() && c.stdinOnce(),
                h.init(), h.effectiveShmSize(),
                h.ulimits().stream().map(u -> new ContainerSpec.Rlimit(u.name(), u.soft(), u.hard())).toList(),
                h.sysctls(), h.oomScoreAdj(), h.ipcMode().equals("host"), h.pidMode().equals("host"), hostUts);
    }

    /** With {@code --uts host} the container's name is the host's, as dockerd sets it. */
    private static String hostHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bind as the runtime mounts it: recursive, read-only or not, and the propagation asked for (else the driver's). */
    static ContainerSpec.Mount bindMount(BindMount bind) {
        List<String> options = new ArrayList<>(List.of("rbind", bind.readOnly() ? "ro" : "rw"));
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
        driver.delete(id);
        networks.detach(id);
        snapshotter.unmount(id);
    }

    @Override
    public void remove(String id) {
        driver.delete(id);
        networks.detach(id);
        snapshotter.remove(id);
        if (snapshotter.isMounted(id)) {
            throw EngineException.conflict("rootfs of " + id + " is still mounted; not deleting its directory");
        }
        deleteTree(containersDir.resolve(id));
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
                h.cpusetCpus(), h.cpusetMems(), h.cpuQuota(), h.cpuPeriod(), h.memoryReservation(), h.oomKillDisable());
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
