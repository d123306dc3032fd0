package dev.berth.engine;

import dev.berth.image.RootedFs;
import dev.berth.image.RootedFs.MountPoint;
import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.ImageMount;
import dev.berth.persistence.container.TmpfsMount;
import dev.berth.persistence.container.VolumeBind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;

/**
 * The mounts that lie over a container's root, as {@code docker cp} must see them: user binds (their
 * host sources), volumes (their driver's directory, or the subpath in it), images mounted while the
 * container runs (their read-only overlay), the etc files the runtime binds (once written by a first
 * start), and, for a running container, its tmpfs mounts through {@code /proc/<pid>/root} (nowhere else
 * on the host can they be reached). A user mount on an etc file's path replaces it, as in the runtime.
 */
final class ContainerMounts {
    private static final List<String> ETC_FILES = List.of("hosts", "hostname", "resolv.conf");

    private ContainerMounts() {}

    /** @param volumeDirs a volume's name → the host directory its driver keeps the data in, if it is there */
    static List<MountPoint> of(ContainerState state, Path dataRoot, Function<String, Optional<Path>> volumeDirs)
            throws IOException {
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
        for (VolumeBind v : info.hostConfig().volumes()) {
            Optional<Path> dir = volumeDirs.apply(v.name());
            if (dir.isPresent()) {
                add(out, targets, new MountPoint(v.target(), v.subpath().isEmpty() ? dir.get() : subpath(dir.get(),
                        v.subpath()), v.readOnly()));
            }
        }
        Path bundle = dataRoot.resolve("containers").resolve(info.id());
        if (state instanceof ContainerState.Running) {
            List<ImageMount> images = info.hostConfig().imageMounts();
            for (int i = 0; i < images.size(); i++) {
                Path root = bundle.resolve("image-mounts").resolve(Integer.toString(i)).resolve("root");
                if (Files.isDirectory(root)) {
                    String sub = images.get(i).subpath();
                    add(out, targets, new MountPoint(images.get(i).target(), sub.isEmpty() ? root : subpath(root, sub), true));
                }
            }
        }
        for (String name : ETC_FILES) {
            Path file = bundle.resolve(name);
            if (Files.exists(file)) {
                add(out, targets, new MountPoint("/etc/" + name, file, info.hostConfig().readonlyRootfs()));
            }
        }
        return out;
    }

    /** {@code sub} of {@code dir}, as the start binds it: no component may be a symbolic link. */
    private static Path subpath(Path dir, String sub) throws IOException {
        Path at = dir;
        for (Path part : Path.of(sub).normalize()) {
            if (part.toString().isEmpty()) {
                continue;
            }
            at = at.resolve(part);
            if (Files.isSymbolicLink(at)) {
                throw new java.nio.file.NoSuchFileException(at.toString(), null, "too many levels of symbolic links");
            }
        }
        return at;
    }

    private static void add(List<MountPoint> out, Set<String> targets, MountPoint m) {
        if (targets.add(m.target())) {
            out.add(m);
        }
    }
}
