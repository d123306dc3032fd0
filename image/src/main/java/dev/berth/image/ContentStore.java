package dev.berth.image;

import dev.berth.spi.EngineException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

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

    /**
     * As {@link #write(InputStream, Digest)} for a stream that checks {@code digest} itself: its
     * last read throws unless every byte it gave hashes to {@code digest} (a registry download's
     * verifier), so the store does not hash the bytes a second time. A stream without that check
     * must go through {@link #write(InputStream, Digest)}.
     */
    public Digest writeSelfVerifying(InputStream verifying, Digest digest) {
        Objects.requireNonNull(digest, "digest");
        return write(verifying, digest, false).digest();
    }

    /**
     * As {@link #writeSelfVerifying} but not yet durable nor named: the blob is written and verified,
     * and the caller {@linkplain StagedBlob#commit() commits} it (fsync, rename) while reading it.
     */
    public StagedBlob stage(InputStream verifying, Digest digest) {
        Objects.requireNonNull(digest, "digest");
        Path temp = null;
        try {
            temp = Files.createTempFile(tmp, "blob-", ".part");
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = verifying.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
            }
            StagedBlob staged = new StagedBlob(temp, path(digest));
            temp = null;
            return staged;
        } catch (IOException e) {
            throw EngineException.unavailable("cannot write blob: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** A written blob, and whether this write created it (so a failed caller may delete it). */
    record Written(Digest digest, boolean created) {}

    Written writeTracked(InputStream in, Digest expected) {
        return write(in, expected, true);
    }

    private Written write(InputStream in, Digest expected, boolean hash) {
        Path temp = null;
        try {
            temp = Files.createTempFile(tmp, "blob-", ".part");
            Sha256 sha = hash ? Sha256.create() : null;
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (sha != null) {
                        sha.update(buf, 0, n);
                    }
                    out.write(buf, 0, n);
                }
                ch.force(true);
            }
            Digest actual = sha != null ? sha.digest() : expected;
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

    /**
     * Starts a blob whose bytes someone else reads: what is read through {@link Pending#tee} is
     * hashed and written on the way, so a body can be unpacked while it is stored (one pass, no
     * re-read). Close it in any case: an uncommitted blob is deleted.
     */
    Pending begin() {
        try {
            Path temp = Files.createTempFile(tmp, "blob-", ".part");
            try {
                return new Pending(temp, FileChannel.open(temp, StandardOpenOption.WRITE));
            } catch (IOException e) {
                deleteQuietly(temp);
                throw e;
            }
        } catch (IOException e) {
            throw EngineException.unavailable("cannot write blob: " + e.getMessage(), e);
        }
    }

    /** A blob being written by a tee; see {@link #begin()}. */
    final class Pending implements AutoCloseable {
        private final Path temp;
        private final FileChannel channel;
        private final Sha256 sha = Sha256.create();
        private Digest digest;
        private boolean moved;

        private Pending(Path temp, FileChannel channel) {
            this.temp = temp;
            this.channel = channel;
        }

        /** {@code in}, with every byte read from it also hashed and written to this blob. Does not close {@code in}. */
        InputStream tee(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, len);
                    if (n > 0) {
                        sha.update(b, off, n);
                        ByteBuffer chunk = ByteBuffer.wrap(b, off, n);
                        while (chunk.hasRemaining()) {
                            channel.write(chunk);
                        }
                    }
                    return n;
                }

                @Override
                public long skip(long n) throws IOException {
                    // every byte must reach the blob
                    return read(new byte[(int) Math.min(Math.max(n, 0), 8192)]);
                }

                @Override
                public boolean markSupported() {
                    return false;
                }

                @Override
                public void close() {
                    // the caller owns the stream
                }
            };
        }

        /** The digest of everything the tee passed; call once the tee's input is read to its end. */
        Digest digest() {
            if (digest == null) {
                digest = sha.digest();
            }
            return digest;
        }

        /** fsyncs the blob and names it by its digest; the bytes are durable when this returns. */
        Written commit() {
            try {
                channel.force(true);
                channel.close();
                moved = moveIntoPlace(temp, path(digest()));
                return new Written(digest(), moved);
            } catch (IOException e) {
                throw EngineException.unavailable("cannot write blob: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the file is deleted below, or already in place
            }
            if (!moved) {
                deleteQuietly(temp);
            }
        }
    }

    public Digest write(byte[] data, Digest expected) {
        return write(new java.io.ByteArrayInputStream(data), expected);
    }

    static boolean moveIntoPlace(Path temp, Path target) throws IOException {
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

    static void deleteQuietly(Path p) {
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
