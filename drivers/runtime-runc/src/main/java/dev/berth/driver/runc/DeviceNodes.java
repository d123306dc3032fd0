package dev.berth.driver.runc;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Host device nodes as the OCI spec lists them ({@code linux.devices}), read with lstat as containerd's
 * {@code DeviceFromPath} does: {@code --device} entries (a node or a directory of nodes) and, for
 * {@code --privileged}, every node under the host's /dev.
 */
final class DeviceNodes {
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    /** What containerd leaves out of a privileged container's /dev: its own mounts and runtime state. */
    private static final Set<String> SKIPPED_DIRS = Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev");

    /**
     * @param type     {@code c} or {@code b}
     * @param path     where it appears in the container
     * @param fileMode the permission bits
     */
    record Node(String type, String path, long major, long minor, int fileMode, int uid, int gid) {}

    private DeviceNodes() {}

    /**
     * The nodes {@code --device pathOnHost:pathInContainer} makes: the node itself (a symlink followed
     * once), or each node under a directory; dockerd's message when there is none.
     */
    static List<Node> fromPath(String pathOnHost, String pathInContainer) {
        Path host = Path.of(pathOnHost);
        Path resolved = host;
        if (Files.isSymbolicLink(host)) {
            try {
                resolved = host.toRealPath();
            } catch (IOException e) {
                resolved = host;
            }
        }
        String error;
        try {
            Optional<Node> node = node(resolved, pathInContainer);
            if (node.isPresent()) {
                return List.of(node.get());
            }
            error = "not a device node";
        } catch (NoSuchFileException e) {
            error = "no such file or directory";
        } catch (IOException e) {
            error = e.getMessage();
        }
        if (Files.isDirectory(resolved)) {
            List<Node> out = new ArrayList<>();
            Path root = resolved;
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.toList()) {
                    String inside = pathInContainer + p.toString().substring(root.toString().length());
                    node(p, inside).ifPresent(out::add);
                }
            } catch (IOException e) {
                error = e.getMessage();
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        throw EngineException.invalid("error gathering device information while adding custom device \"" + pathOnHost
                + "\": " + error);
    }

    /** Every device node of the host's /dev, as a privileged container gets them. */
    static List<Node> host() {
        List<Node> out = new ArrayList<>();
        collect(Path.of("/dev"), out);
        return out;
    }

    private static void collect(Path dir, List<Node> out) {
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.sorted().toList();
        } catch (IOException e) {
            return; // a directory that vanished or is unreadable holds nothing to give
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                if (!SKIPPED_DIRS.contains(name)) {
                    collect(p, out);
                }
            } else if (!name.equals("console")) {
                try {
                    node(p, p.toString()).ifPresent(out::add);
                } catch (IOException e) {
                    // gone since the listing: nothing to make
                }
            }
        }
    }

    /** The node at {@code p} (not following a symlink), or empty when it is no character or block device. */
    static Optional<Node> node(Path p, String pathInContainer) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        String type = switch (mode & S_IFMT) {
            case S_IFCHR -> "c";
            case S_IFBLK -> "b";
            default -> null;
        };
        if (type == null) {
            return Optional.empty();
        }
        long rdev = (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        return Optional.of(new Node(type, pathInContainer, major(rdev), minor(rdev), mode & 07777, uid, gid));
    }

    /** glibc's gnu_dev_major. */
    static long major(long rdev) {
        return ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & 0xfffff000L);
    }

    /** glibc's gnu_dev_minor. */
    static long minor(long rdev) {
        return (rdev & 0xff) | ((rdev >>> 12) & 0xffffff00L);
    }
}
