package dev.berth.image;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Path handling that keeps a layer's extraction inside its root. Docker extracts inside a chroot;
 * we cannot, so we do what the chroot would: names are cleaned lexically, and symlinks met in
 * parent directories are resolved as if the root were {@code /} (absolute targets and {@code ..}
 * are clamped at the root) instead of being followed by the kernel.
 */
final class SafePath {
    private static final int MAX_LINKS = 40;

    private SafePath() {}

    /**
     * Cleans a tar entry name like Go's filepath.Clean under the root: leading slashes are dropped
     * (absolute names land under the root, as Docker does), {@code .} and {@code a/..} collapse,
     * and a name that still climbs above the root is rejected, as Docker's breakout check does.
     * Returns the components; empty for the root itself.
     */
    static List<String> clean(String name) {
        List<String> out = new ArrayList<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (out.isEmpty()) {
                    throw EngineException.invalid("invalid tar entry: \"" + name + "\" is outside of the layer");
                }
                out.remove(out.size() - 1);
            } else {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The real directory under {@code root} that {@code dirComponents} name, resolving symlinks
     * inside the root and creating missing directories (mode 0755) when {@code create} is set.
     */
    static Path resolveDir(Path root, List<String> dirComponents, boolean create) throws IOException {
        Deque<String> todo = new ArrayDeque<>(dirComponents);
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
            Path next = join(root, done).resolve(c);
            BasicFileAttributes a = attrs(next);
            if (a == null) {
                if (!create) {
                    throw EngineException.invalid("invalid tar entry: " + String.join("/", dirComponents) + " does not exist");
                }
                Files.createDirectory(next);
                done.add(c);
            } else if (a.isSymbolicLink()) {
                if (++links > MAX_LINKS) {
                    throw EngineException.invalid("invalid tar entry: too many levels of symbolic links");
                }
                String target = Files.readSymbolicLink(next).toString();
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> parts = List.of(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
            } else if (a.isDirectory()) {
                done.add(c);
            } else {
                throw EngineException.invalid("invalid tar entry: " + String.join("/", dirComponents) + ": not a directory");
            }
        }
        return join(root, done);
    }

    private static Path join(Path root, List<String> components) {
        Path p = root;
        for (String c : components) {
            p = p.resolve(c);
        }
        return p;
    }

    /** lstat, or null when nothing is there. */
    static BasicFileAttributes attrs(Path p) throws IOException {
        // Most paths an extraction asks about do not exist yet: one faccessat answers that without
        // the NoSuchFileException (and its stack trace) NIO would build. Any other outcome asks NIO.
        if (Native.libc().faccessat(Native.AT_FDCWD, p.toString(), Native.F_OK, Native.AT_SYMLINK_NOFOLLOW) != 0
                && Native.errno() == Native.ENOENT) {
            return null;
        }
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    /** Deletes a file, link or whole tree without following symlinks. */
    static void deleteTree(Path p) throws IOException {
        BasicFileAttributes a = attrs(p);
        if (a == null) {
            return;
        }
        if (a.isDirectory()) {
            try (var s = Files.list(p)) {
                for (Path child : (Iterable<Path>) s::iterator) {
                    deleteTree(child);
                }
            }
        }
        Files.delete(p);
    }
}
