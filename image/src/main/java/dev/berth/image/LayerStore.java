package dev.berth.image;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;

/**
 * Unpacked layers under {@code <dataRoot>/layers/<chainId hex>}, shared by every image and
 * container that has the same chain. A layer is unpacked into {@code layers/.tmp-*} and renamed
 * into place only when complete, so a directory named by a chain id is always whole. Safe for
 * concurrent applies: if two callers unpack the same chain, the second discards its copy.
 */
public final class LayerStore {
    private static final String TEMP_PREFIX = ".tmp-";
    private final Path layers;

    public LayerStore(Path dataRoot) {
        this.layers = dataRoot.resolve("layers");
        try {
            Files.createDirectories(layers);
        } catch (IOException e) {
            throw EngineException.unavailable("cannot create layer store in " + dataRoot, e);
        }
    }

    public Path dir(Digest chainId) {
        return layers.resolve(chainId.hex());
    }

    public boolean exists(Digest chainId) {
        return Files.isDirectory(dir(chainId));
    }

    /**
     * Unpacks a layer (plain, gzip, bzip2 or xz tar) on top of {@code parentChainIdOrNull}. The
     * diff id is hashed over the uncompressed bytes while extracting, so the stream is read once.
     * Bad input is INVALID_ARGUMENT and leaves nothing behind. Does not close {@code in}.
     */
    public AppliedLayer apply(Digest parentChainIdOrNull, InputStream in) {
        return apply(parentChainIdOrNull, in, null);
    }

    /**
     * As {@link #apply(Digest, InputStream)}, for a stream the caller hashes as a whole anyway (an
     * imported body, hashed as it is stored): if it is an uncompressed tar, that digest, asked for
     * once {@code in} is read to its end, is the diff id and the bytes are not hashed a second time.
     */
    public AppliedLayer apply(Digest parentChainIdOrNull, InputStream in, Supplier<Digest> digestOfInOrNull) {
        if (parentChainIdOrNull != null && !exists(parentChainIdOrNull)) {
            throw EngineException.notFound("parent layer " + parentChainIdOrNull + " not found");
        }
        Path temp = null;
        try {
            temp = newTemp();
            Unpacked u = unpack(temp, in, digestOfInOrNull);
            Digest chainId = ChainId.next(parentChainIdOrNull, u.diffId());
            if (moveIntoPlace(temp, dir(chainId))) {
                temp = null;
            }
            return new AppliedLayer(u.diffId(), chainId, u.size());
        } catch (IOException e) {
            throw EngineException.unavailable("cannot apply layer: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private record Unpacked(Digest diffId, long size) {}

    private Path newTemp() throws IOException {
        Path temp = Files.createTempDirectory(layers, TEMP_PREFIX);
        // createTempDirectory makes it 0700; a tar without a "./" entry must still give a usable root.
        Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return temp;
    }

    private static Unpacked unpack(Path temp, InputStream in, Supplier<Digest> digestOfInOrNull) {
        Decompression.Opened opened = Decompression.openKnown(nonClosing(in));
        boolean known = opened.plain() && digestOfInOrNull != null;
        Sha256 sha = known ? null : Sha256.create();
        // the tar reader asks for 512-byte records: buffered, the hash sees 64 KiB at a time
        InputStream plain = known ? opened.stream()
                : new java.io.BufferedInputStream(hashing(opened.stream(), sha), 64 * 1024);
        long size = new TarExtractor(temp).extract(plain);
        drain(plain);
        return new Unpacked(known ? digestOfInOrNull.get() : sha.digest(), size);
    }

    /** Deletes a layer directory; idempotent. The caller knows no image or container uses it. */
    public void delete(Digest chainId) {
        try {
            SafePath.deleteTree(dir(chainId));
        } catch (IOException e) {
            throw EngineException.unavailable("cannot delete layer " + chainId, e);
        }
    }

    /** The chain ids of every unpacked layer, for garbage collection. */
    public java.util.List<Digest> list() {
        try (var s = Files.list(layers)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{64}"))
                    .map(n -> Digest.parse("sha256:" + n)).toList();
        } catch (IOException e) {
            throw EngineException.unavailable("cannot list " + layers, e);
        }
    }

    /**
     * One layer's size as dockerd's overlay2 counts it (moby's {@code directory.Size} over the diff):
     * the lstat size of everything but directories — a symlink its target's length — and a
     * hard-linked file once. The same rule {@link TarExtractor} applies while unpacking, so an image
     * has one size whether it was imported or pulled. Its own files only, not its parents'.
     */
    public long diskSize(Digest chainId) {
        Path dir = dir(chainId);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long[] total = {0};
        java.util.Set<Object> seen = new java.util.HashSet<>();
        try {
            Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a) {
                    // walkFileTree does not follow links: these are lstat's attributes
                    if (!a.isDirectory() && a.size() > 0 && (a.fileKey() == null || seen.add(a.fileKey()))) {
                        total[0] += a.size();
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return total[0];
        }
        return total[0];
    }

    /** Removes half-unpacked layers left by a crash; call at start-up, before any apply. */
    public void removeStaleTemp() {
        try (var s = Files.list(layers)) {
            s.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).forEach(LayerStore::deleteQuietly);
        } catch (IOException e) {
            throw EngineException.unavailable("cannot clean " + layers, e);
        }
    }

    /** True when {@code temp} became the layer; false when the layer was already there. */
    private static boolean moveIntoPlace(Path temp, Path target) throws IOException {
        if (Files.exists(target)) {
            return false;
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
            return false; // another apply of the same chain won; its copy is identical
        }
    }

    /** Reads to EOF so the diff id covers the tar's trailing padding, as Docker's does. */
    private static void drain(InputStream in) {
        try {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw EngineException.invalid("cannot read layer: " + e.getMessage());
        }
    }

    /** {@code in}, hashing what is read. */
    private static InputStream hashing(InputStream in, Sha256 sha) {
        return new java.io.FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    sha.update(new byte[] {(byte) b}, 0, 1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    sha.update(b, off, n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                return read(new byte[(int) Math.min(Math.max(n, 0), 8192)]);
            }
        };
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
                // the caller owns the stream
            }
        };
    }

    static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            SafePath.deleteTree(p);
        } catch (IOException ignored) {
            // best effort: removeStaleTemp() retries at the next start
        }
    }
}
