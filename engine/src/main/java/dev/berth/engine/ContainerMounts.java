package dev.berth.engine;

import dev.berth.image.RootedFs;
import dev.berth.image.RootedFs.MountPoint;
import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.TmpfsMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The mounts that lie over a container's root, as {@code docker cp} must see them: user binds (their
 * host sources), the etc files the runtime binds (once written by a first start), and, for a running
 * container, its tmpfs mounts through {@code /proc/<pid>/root} (nowhere else on the host can they be
 * reached). A user mount on an etc file's path replaces it, as in the runtime.
 */
final class ContainerMounts {
    private static final List<String> ETC_FILES = List.of("hosts", "hostname", "resolv.conf");

    private ContainerMounts() {}

    static List<MountPoint> of(ContainerState state, Path dataRoot) throws IOException {
        ContainerInfo info = state.info();
        List<MountPoint> out = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        if (state instanceof ContainerState.Running r && r.pid() > 0) {
            RootedFs inside = new RootedFs(Path.of("/proc", Integer.toString(r.pid()), "root"), List.of());
            for (TmpfsMount t : info.hostConfig().tmpfs()) {
                try {
                    add(out, targets, new MountPoint(t.target(), inside.resolve(t.target(), true).host(), false));
                } catch (IOException | UncheckedIOException e) {
                    // the process is gone (it is stopping): its tmpfs went with it
                }
            }
        }
        for (BindMount b : info.hostConfig().binds()) {
            add(out, targets, new MountPoint(b.target(), Path.of(b.source()), b.readOnly()));
        }
        Path bundle = dataRoot.resolve("containers").resolve(info.id());
        for (String name : ETC_FILES) {
            Path file = bundle.resolve(name);
            if (Files.exists(file)) {
                add(out, targets, new MountPoint("/etc/" + name, file, info.hostConfig().readonlyRootfs()));
            }
        }
        return out;
    }

    private static void add(List<MountPoint> out, Set<String> targets, MountPoint m) {
        if (targets.add(m.target())) {
            out.add(m);
        }
    }
}
