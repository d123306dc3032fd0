package dev.berth.image;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Blobs by digest under {@code <dataRoot>/content/sha256/<hex>}. A blob appears whole or not at
 * all: it is streamed to {@code content/tmp}, hashed on the way, fsynced and only then renamed into
 * place, so a crash or a digest mismatch never leaves a partial blob under a digest name.
 * Thread-safe: concurrent writers of the same blob each rename a complete copy.
 */
public final class ContentStore {
    private final Path blobs;
    private final Path tmp;

    public ContentStore(Path dataRoot) {
        this.blobs = dataRoot.resolve("content").resolve("sha256");
        this.tmp = dataRoot.resolve("content").resolve("tmp");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw EngineException.unavailable("cannot create content store in " + dataRoot, e);
        }
    }

    /**
     * Streams {@code in} into the store. With {@code expected} set, a different digest is
     * INVALID_ARGUMENT and nothing is kept. Does not close {@code in}.
     */
    public Digest write(InputStream in, Digest expected) {
        return writeTracked(in, expected).digest();
    }

    /** A written blob, and whether this write created it (so a failed caller may delete it). */
    record Written(Digest digest, boolean created) {}

    Written writeTracked(InputStream in, Digest expected) {
        Path temp = null;
        try {
            temp = Files.createTempFile(tmp, "blob-", ".part");
            MessageDigest md = Digest.newSha256();
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
                ch.force(true);
            }
            Digest actual = Digest.fromBytes(md.digest());
            if (expected != null && !expected.equals(actual)) {
                throw EngineException.invalid("digest mismatch: expected " + expected + ", got " + actual);
            }
            boolean created = moveIntoPlace(temp, path(actual));
            temp = created ? null : temp;
            return new Written(actual, created);
        } catch (IOException e) {
            throw EngineException.unavailable("cannot write blob: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    public Digest write(byte[] data, Digest expected) {
        return write(new java.io.ByteArrayInputStream(data), expected);
    }

    private static boolean moveIntoPlace(Path temp, Path target) throws IOException {
        if (Files.exists(target)) {
            return false; // same digest, same bytes: keep the one already there
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("content/tmp and content/sha256 must be on one filesystem", e);
        }
    }

    public boolean exists(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    public long size(Digest digest) {
        try {
            return Files.size(path(digest));
        } catch (NoSuchFileException e) {
            throw notFound(digest);
        } catch (IOException e) {
            throw EngineException.unavailable("cannot stat blob " + digest, e);
        }
    }

    public InputStream open(Digest digest) {
        try {
            return Files.newInputStream(path(digest));
        } catch (NoSuchFileException e) {
            throw notFound(digest);
        } catch (IOException e) {
            throw EngineException.unavailable("cannot open blob " + digest, e);
        }
    }

    public byte[] read(Digest digest) {
        try {
            return Files.readAllBytes(path(digest));
        } catch (NoSuchFileException e) {
            throw notFound(digest);
        } catch (IOException e) {
            throw EngineException.unavailable("cannot read blob " + digest, e);
        }
    }

    public Path path(Digest digest) {
        return blobs.resolve(digest.hex());
    }

    /** Idempotent: deleting a missing blob is not an error. */
    public void delete(Digest digest) {
        try {
            Files.deleteIfExists(path(digest));
        } catch (IOException e) {
            throw EngineException.unavailable("cannot delete blob " + digest, e);
        }
    }

    /** Every blob's digest, for garbage collection. */
    public java.util.List<Digest> list() {
        try (var s = Files.list(blobs)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{64}"))
                    .map(n -> Digest.parse("sha256:" + n)).toList();
        } catch (IOException e) {
            throw EngineException.unavailable("cannot list " + blobs, e);
        }
    }

    /** Removes leftovers of writes cut short by a crash; call at start-up, before any write. */
    public void removeStaleTemp() {
        try (var s = Files.list(tmp)) {
            s.forEach(ContentStore::deleteQuietly);
        } catch (IOException e) {
            throw EngineException.unavailable("cannot clean " + tmp, e);
        }
    }

    private static EngineException notFound(Digest digest) {
        return EngineException.notFound("blob " + digest + " not found");
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: removeStaleTemp() retries at the next start
        }
    }
}
