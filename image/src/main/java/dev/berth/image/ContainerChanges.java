package dev.berth.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code docker diff}: what a container changed, read from its overlay upper dir as dockerd's overlay
 * driver does. An overlay whiteout (a 0/0 character device) is a deletion; anything else in the upper
 * dir is an addition when no lower layer has that path, else a modification (so the parents of a new
 * file show as modified). Sorted by path.
 *
 * <p>What the runtime itself puts in the upper dir (mount points of /proc, /sys, /dev and the etc
 * files it binds) is left out: dockerd keeps those in an "init" layer below the container's, so its
 * diff of a fresh container is empty. A directory that exists below is then listed only when something
 * under it is.
 */
public final class ContainerChanges {
    /** Docker's kinds: 0 modified, 1 added, 2 deleted. */
    public record Change(String path, int kind) {
        public static final int MODIFIED = 0;
        public static final int ADDED = 1;
        public static final int DELETED = 2;
    }

    /** dockerd's init-layer paths, and the mount points runc creates for the default mounts. */
    static final Set<String> RUNTIME_PATHS = Set.of("/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/dev/console",
            "/proc", "/sys", "/sys/fs/cgroup", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/etc/mtab",
            "/.dockerenv");

    private ContainerChanges() {}

    /** @param lowers the image's layer dirs, any order */
    public static List<Change> of(Path upperDir, List<Path> lowers) throws IOException {
        List<Change> out = new ArrayList<>();
        if (Files.isDirectory(upperDir, LinkOption.NOFOLLOW_LINKS)) {
            walk(upperDir, upperDir, lowers, out);
        }
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    /** Returns whether anything under {@code dir} was listed. */
    private static boolean walk(Path upper, Path dir, List<Path> lowers, List<Change> out) throws IOException {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.toList();
        }
        boolean listed = false;
        for (Path p : children) {
            String rel = upper.relativize(p).toString();
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
            int type = (Integer) a.get("mode") & 0170000;
            String path = "/" + rel;
            if (type == 0020000 && (Long) a.get("rdev") == 0) {
                out.add(new Change(path, Change.DELETED));
                listed = true;
                continue;
            }
            boolean below = inLowers(rel, lowers);
            int at = out.size();
            boolean inside = type == 0040000 && walk(upper, p, lowers, out);
            if (inside || !(RUNTIME_PATHS.contains(path) || below && type == 0040000)) {
                out.add(at, new Change(path, below ? Change.MODIFIED : Change.ADDED));
                listed = true;
            }
        }
        return listed;
    }

    private static boolean inLowers(String rel, List<Path> lowers) {
        for (Path lower : lowers) {
            if (Files.exists(lower.resolve(rel), LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }
}
