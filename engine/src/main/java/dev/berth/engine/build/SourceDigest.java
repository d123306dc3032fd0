package dev.berth.engine.build;

import dev.berth.image.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The digest COPY/ADD's history entry (and so its cache key) carries: every source file's path
 * in the context, type, permission bits, size, content and link target, plus the step's
 * --chown/--chmod. Modification times are left out, as Docker's file hashes leave them out, so a
 * file rewritten with the same bytes still hits the cache.
 */
final class SourceDigest {
    private SourceDigest() {
    }

    static String of(Path root, List<Path> sources, String options) {
        try {
            // libcrypto's hasher: a context's megabytes are hashed at native speed whatever the JIT has compiled.
            Sha256 sha = Sha256.create();
            sha.update(options.getBytes(StandardCharsets.UTF_8));
            for (Path source : sources) {
                List<Path> all;
                try (Stream<Path> walk = Files.walk(source)) {
                    all = walk.sorted().toList();
                }
                for (Path p : all) {
                    add(sha, root, p);
                }
            }
            return HexFormat.of().formatHex(sha.finish());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the build context: " + e.getMessage(), e);
        }
    }

    private static void add(Sha256 sha, Path root, Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String type = a.isSymbolicLink() ? "l" : a.isDirectory() ? "d" : "f";
        String header = root.relativize(p) + "\0" + type + "\0" + CopyTar.mode(a.permissions()) + "\0" + a.size()
                + "\0" + (a.isSymbolicLink() ? Files.readSymbolicLink(p).toString() : "") + "\0";
        sha.update(header.getBytes(StandardCharsets.UTF_8));
        if (a.isRegularFile()) {
            byte[] buf = new byte[65536];
            try (InputStream in = Files.newInputStream(p)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    sha.update(buf, 0, n);
                }
            }
        }
    }
}
