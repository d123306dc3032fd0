package dev.berth.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code docker diff}: what a container changed, read from its overlay upper dir as dockerd's overlay
 * driver does. An overlay whiteout (a 0/0 character device) is a deletion; anything else in the upper
 * dir is an addition when no lower layer has that path, else a modification (so the parents of a new
 * file show as modified). Sorted by path.
 */
public final class ContainerChanges {
    /** Docker's kinds: 0 modified, 1 added, 2 deleted. */
    public record Change(String path, int kind) {
        public static final int MODIFIED = 0;
        public static final int ADDED = 1;
        public static final int DELETED = 2;
    }

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

    private static void walk(Path upper, Path dir, List<Path> lowers, List<Change> out) throws IOException {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.toList();
        }
        for (Path p : children) {
            String rel = upper.relativize(p).toString();
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
            int type = (Integer) a.get("mode") & 0170000;
            if (type == 0020000 && (Long) a.get("rdev") == 0) {
                out.add(new Change("/" + rel, Change.DELETED));
                continue;
            }
            out.add(new Change("/" + rel, inLowers(rel, lowers) ? Change.MODIFIED : Change.ADDED));
            if (type == 0040000) {
                walk(upper, p, lowers, out);
            }
        }
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
