package dev.berth.engine.build;

import dev.berth.image.Decompression;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The build context on disk: the request's tar (plain or compressed), streamed into a private
 * temporary directory as it arrives (never held in memory). Entries whose names leave the directory ({@code ../x},
 * absolute paths after cleaning) and links whose targets are absolute or escape are refused;
 * symlinks are kept as symlinks and only ever resolved inside the context. Closing it deletes it.
 */
final class BuildContext implements AutoCloseable {
    private final Path root;

    private BuildContext(Path root) {
        this.root = root;
    }

    static BuildContext extract(InputStream tar, Path scratch) {
        Path root;
        try {
            Files.createDirectories(scratch);
            root = Files.createTempDirectory(scratch, "context-");
        } catch (IOException e) {
            throw EngineException.unavailable("cannot store the build context: " + e.getMessage(), e);
        }
        BuildContext ctx = new BuildContext(root);
        try {
            ctx.unpack(tar);
            return ctx;
        } catch (IOException e) {
            ctx.close();
            if (isDiskFull(e)) {
                // Not the client's fault, and the message says where space ran out.
                throw EngineException.internal("the build context does not fit on disk: no space left on device in "
                        + scratch + " (the context was removed)", e);
            }
            throw EngineException.invalid("failed to read the build context: " + e.getMessage());
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
    }

    Path root() {
        return root;
    }

    /** ENOSPC (or EDQUOT), which Java reports only in the message. */
    static boolean isDiskFull(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** {@code relative} inside the context, cleaned; refused when it would leave the context. */
    Path resolve(String relative) {
        Path p = root.resolve(relative.startsWith("/") ? relative.substring(1) : relative).normalize();
        if (!p.startsWith(root)) {
            throw EngineException.invalid("forbidden path outside the build context: " + relative);
        }
        return p;
    }

    /** The Dockerfile's text, or null when the context has none at {@code name}. */
    String read(String name) throws IOException {
        Path p = resolve(name);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private void unpack(InputStream in) throws IOException {
        // dockerd takes a context compressed with gzip, bzip2 or xz (Testcontainers sends gzip).
        TarArchiveInputStream tar = new TarArchiveInputStream(new BlockPadded(Decompression.open(in)));
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            String name = e.getName();
            Path target = root.resolve(name.startsWith("/") ? name.substring(1) : name).normalize();
            if (!target.startsWith(root)) {
                throw EngineException.invalid("invalid path in the build context: " + name);
            }
            if (target.equals(root)) {
                continue;
            }
            Files.createDirectories(target.getParent());
            if (e.isDirectory()) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(target);
                }
            } else if (e.isSymbolicLink()) {
                replace(target);
                Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            } else if (e.isLink()) {
                Path source = root.resolve(e.getLinkName()).normalize();
                if (!source.startsWith(root)) {
                    throw EngineException.invalid("invalid hard link in the build context: " + name);
                }
                replace(target);
                Files.createLink(target, source);
            } else if (e.isFile()) {
                replace(target);
                try (OutputStream out = Files.newOutputStream(target)) {
                    tar.transferTo(out);
                }
            } else {
                continue;
            }
            if (!e.isSymbolicLink()) {
                Files.setPosixFilePermissions(target, permissions(e.getMode()));
                Files.setLastModifiedTime(target, FileTime.from(e.getModTime().toInstant()));
            }
        }
    }

    private static void replace(Path target) throws IOException {
        try {
            Files.deleteIfExists(target);
        } catch (DirectoryNotEmptyException | FileAlreadyExistsException e) {
            throw new IOException("duplicate entry " + target.getFileName(), e);
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                out.add(bits[i]);
            }
        }
        return out;
    }

    @Override
    public void close() {
        deleteTree(root);
    }

    /** Deletes a directory tree, best effort (a leftover is removed at the next start). */
    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover temp dir is removed at the next start
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }
}
