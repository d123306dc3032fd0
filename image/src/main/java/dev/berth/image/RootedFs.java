package dev.berth.image;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A container's filesystem as its processes see it, reached from the host: the root (its overlay
 * mount) plus the mounts laid over it (binds, the etc files, a running container's tmpfs), each a
 * container path and the host path that serves it. dockerd does this in a private mount namespace
 * with a chroot; a JVM cannot, so every path is walked one component at a time in container terms:
 * a symlink's target is read and walked again from the root when absolute (or from its directory),
 * {@code ..} stops at the root, and each prefix that is a mount target switches to its host source.
 * The kernel never follows a link on our behalf except for the last component of an operation that
 * opens with NOFOLLOW or O_EXCL, so nothing outside the root and the mount sources is ever reached.
 *
 * @param root   host directory of the container's {@code /}
 * @param mounts mounts over it (any order)
 */
public record RootedFs(Path root, List<MountPoint> mounts) {
    private static final int MAX_LINKS = 255;

    /** One mount inside the container: {@code target} is an absolute container path, {@code source} the host path. */
    public record MountPoint(String target, Path source, boolean readOnly) {
        public MountPoint {
            target = "/" + String.join("/", SafePath.clean(target));
        }
    }

    /** A path resolved inside the root. {@code attrs} is its lstat, null when nothing is there. */
    public record Resolved(List<String> components, Path host, BasicFileAttributes attrs) {
        public String containerPath() {
            return "/" + String.join("/", components);
        }

        public boolean exists() {
            return attrs != null;
        }
    }

    public RootedFs {
        mounts = List.copyOf(mounts);
    }

    /**
     * Resolves {@code path} (absolute or relative to {@code /}): every directory on the way with symlinks
     * interpreted inside the root; the last component too when {@code followLast}.
     *
     * @throws NoSuchFileException when a directory on the way is missing
     */
    public Resolved resolve(String path, boolean followLast) throws IOException {
        return resolve(path, followLast, false);
    }

    /**
     * The container path a symlink chain leads to, as far as it goes: a missing directory on the way is
     * taken as it is named (Docker's FollowSymlinkInScope reports broken chains so).
     */
    public String target(String path) throws IOException {
        return resolve(path, true, true).containerPath();
    }

    private Resolved resolve(String path, boolean followLast, boolean lenient) throws IOException {
        Deque<String> todo = new ArrayDeque<>(List.of(path.split("/")));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            boolean last = todo.stream().allMatch(s -> s.isEmpty() || s.equals("."));
            done.add(c);
            Path host = hostOf(done);
            BasicFileAttributes a = SafePath.attrs(host);
            if (a == null) {
                if (last) {
                    return new Resolved(done, host, null);
                }
                if (lenient) {
                    continue;
                }
                throw new NoSuchFileException("/" + String.join("/", done));
            }
            if (a.isSymbolicLink() && (!last || followLast)) {
                if (++links > MAX_LINKS) {
                    throw EngineException.invalid("too many levels of symbolic links: " + path);
                }
                done.remove(done.size() - 1);
                String target = Files.readSymbolicLink(host).toString();
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> parts = List.of(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
                continue;
            }
            if (!last && !a.isDirectory()) {
                throw new NoSuchFileException("/" + String.join("/", done) + ": not a directory");
            }
            if (last) {
                return new Resolved(done, host, a);
            }
        }
        Path host = hostOf(done);
        return new Resolved(done, host, SafePath.attrs(host));
    }

    /**
     * The host path of container components that are already free of symlinks: the deepest mount whose
     * target is a prefix serves it.
     */
    public Path hostOf(List<String> components) {
        Path p = root;
        StringBuilder container = new StringBuilder();
        for (String c : components) {
            container.append('/').append(c);
            p = p.resolve(c);
            MountPoint m = mountAt(container.toString());
            if (m != null) {
                p = m.source();
            }
        }
        return p;
    }

    /** The mount whose target is exactly {@code containerPath}, or null. */
    public MountPoint mountAt(String containerPath) {
        for (MountPoint m : mounts) {
            if (m.target().equals(containerPath)) {
                return m;
            }
        }
        return null;
    }

    /** The deepest mount that holds {@code containerPath}, or null when only the root does. */
    public MountPoint mountOf(String containerPath) {
        return mounts.stream()
                .filter(m -> containerPath.equals(m.target()) || containerPath.startsWith(m.target() + "/"))
                .max(Comparator.comparingInt(m -> m.target().length()))
                .orElse(null);
    }
}
