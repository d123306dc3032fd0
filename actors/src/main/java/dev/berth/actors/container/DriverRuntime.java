package dev.berth.actors.container;

import dev.berth.image.Digest;
import dev.berth.actors.network.NetworkAttacher;
import dev.berth.actors.support.Workflow;
import dev.berth.image.Snapshotter;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.HostConfig;
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
        h.tmpfs().forEach((dest, opts) -> mounts.add(new ContainerSpec.Mount("tmpfs", "tmpfs", dest,
                opts.isEmpty() ? List.of() : List.of(opts.split(",")))));
        for (String bind : h.binds()) {
            mounts.add(bindMount(bind));
        }
        String hostname = c.hostname().isEmpty() ? info.id().substring(0, 12) : c.hostname();
        return new ContainerSpec(info.id(), bundle, rootfs, h.readonlyRootfs(), c.argv(), c.env(), c.workingDir(),
                c.user(), hostname, c.domainname(), net, mounts,
                new ContainerSpec.Resources(h.memory(), h.memorySwap(), h.nanoCpus(), h.cpuShares(), h.pidsLimit()),
                new ContainerSpec.Security(h.privileged(), h.capAdd(), h.capDrop(), h.securityOpt()),
                c.labels(), bundle.resolve("container.log"), c.tty(), c.openStdin(), c.openStdin() && c.stdinOnce());
    }

    /** {@code /host:/container[:ro|rw]} as Docker's -v takes it (named volumes come with the volume issue). */
    static ContainerSpec.Mount bindMount(String bind) {
        String[] parts = bind.split(":");
        if (parts.length < 2 || !parts[0].startsWith("/")) {
            throw EngineException.invalid("invalid volume specification: '" + bind + "'");
        }
        List<String> opts = new ArrayList<>(List.of("rbind"));
        opts.add(parts.length > 2 && parts[2].contains("ro") ? "ro" : "rw");
        return new ContainerSpec.Mount("bind", parts[0], parts[1], opts);
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
