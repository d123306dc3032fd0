package dev.berth.engine;

import dev.berth.actors.container.ContainerService;
import dev.berth.api.backend.ArchiveSink;
import dev.berth.api.model.ContainerChange;
import dev.berth.api.model.ContainerPathStat;
import dev.berth.image.ContainerChanges;
import dev.berth.image.Digest;
import dev.berth.image.FsCopy;
import dev.berth.image.PathStat;
import dev.berth.image.RootedFs;
import dev.berth.image.Snapshotter;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * {@code docker cp}, {@code diff} and {@code export} on a container in any phase. A running container's
 * root is its overlay mount (mounted in the host's namespace while it runs); one that is not running
 * has its overlay mounted for the operation and unmounted after ({@link RootLeases}). Over the root lie
 * the container's binds (their host sources), its etc files, and, while it runs, its tmpfs mounts,
 * reached through {@code /proc/<pid>/root}: they exist only in the container's mount namespace.
 * A read and a completed extraction are journaled on the container (dockerd's {@code archive-path}
 * and {@code extract-to-dir} events).
 */
final class ContainerFiles {
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnnXXX")
            .withZone(ZoneOffset.UTC);

    private final ContainerService containers;
    private final Path dataRoot;
    private final RootLeases leases;

    ContainerFiles(ContainerService containers, Path dataRoot) {
        this.containers = containers;
        this.dataRoot = dataRoot;
        this.leases = new RootLeases(new Snapshotter(dataRoot), containers);
    }

    @FunctionalInterface
    private interface FsOp<T> {
        T run(RootedFs fs, ContainerState state) throws IOException;
    }

    ContainerPathStat stat(String ref, String path) {
        return onFs(ref, path, (fs, s) -> dto(FsCopy.stat(fs, path)));
    }

    void archive(String ref, String path, ArchiveSink sink) {
        onFs(ref, path, (fs, s) -> {
            PathStat stat = FsCopy.stat(fs, path);
            containers.recordCopy(s.info().id(), false); // dockerd logs archive-path as the archive starts
            OutputStream out = sink.open(dto(stat));
            FsCopy.archive(fs, path, out);
            return null;
        });
    }

    void extract(String ref, String path, boolean noOverwriteDirNonDir, boolean copyUIDGID, InputStream tar) {
        onFs(ref, path, (fs, s) -> {
            FsCopy.Destination to = FsCopy.destination(fs, path, s.info().hostConfig().readonlyRootfs());
            int[] owner = copyUIDGID ? ContainerUser.lookup(fs, s.info().config().user()) : new int[] {-1, -1};
            FsCopy.extract(to, tar, noOverwriteDirNonDir, owner[0], owner[1]);
            containers.recordCopy(s.info().id(), true);
            return null;
        });
    }

    List<ContainerChange> changes(String ref) {
        ContainerInfo info = containers.get(ref).info();
        Path layers = dataRoot.resolve("layers");
        List<Path> lowers = info.layers().stream().map(l -> layers.resolve(Digest.parse(l).hex())).toList();
        try {
            return ContainerChanges.of(new Snapshotter(dataRoot).upperDir(info.id()), lowers).stream()
                    .map(c -> new ContainerChange(c.path(), c.kind())).toList();
        } catch (IOException e) {
            throw EngineException.unavailable("cannot read the changes of " + ref + ": " + e.getMessage(), e);
        }
    }

    /** The overlay alone, as dockerd exports it: volumes and binds are not part of it. */
    void export(String ref, ArchiveSink sink) {
        ContainerState s = containers.get(ref);
        try (RootLeases.Lease lease = leases.acquire(s.info())) {
            OutputStream out = sink.open(null);
            FsCopy.export(new RootedFs(lease.rootfs(), List.of()), out);
        } catch (IOException e) {
            throw EngineException.unavailable("cannot export " + ref + ": " + e.getMessage(), e);
        }
    }

    private <T> T onFs(String ref, String path, FsOp<T> op) {
        ContainerState s = containers.get(ref);
        try (RootLeases.Lease lease = leases.acquire(s.info()); TransientVolumes held = new TransientVolumes(s)) {
            RootedFs fs = new RootedFs(lease.rootfs(), ContainerMounts.of(s, dataRoot, this::volumeDir));
            return op.run(fs, s);
        } catch (NoSuchFileException e) {
            throw EngineException.notFound("Could not find the file " + path + " in container " + ref);
        } catch (InvalidPathException e) {
            // a NUL in the path: no file can have that name
            throw EngineException.invalid("invalid path " + path.replace("\0", "\\0") + ": " + e.getReason());
        } catch (FileSystemException e) {
            if (e.getReason() != null && e.getReason().contains("File name too long")) {
                throw EngineException.invalid("invalid path: file name too long");
            }
            throw EngineException.unavailable("cannot copy " + path + " of " + ref + ": " + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw EngineException.unavailable("cannot copy " + path + " of " + ref + ": " + e.getMessage(), e);
        }
    }

    /**
     * The volumes of a container that does not run, mounted by their drivers for the operation (a volume
     * whose data a driver mounts on use — local with {@code type}/{@code device}, a plugin's — is empty
     * otherwise), as dockerd mounts them for {@code docker cp}; a running container's are mounted already.
     */
    private final class TransientVolumes implements AutoCloseable {
        private final String holder = "cp-" + java.util.UUID.randomUUID();
        private final List<String> mounted = new java.util.ArrayList<>();

        TransientVolumes(ContainerState s) {
            var volumes = containers.volumes();
            if (volumes == null || s instanceof ContainerState.Running) {
                return;
            }
            try {
                for (var v : s.info().hostConfig().volumes()) {
                    if (volumes.view().get(v.name()).isPresent()) {
                        volumes.mountTransient(v.name(), holder);
                        mounted.add(v.name());
                    }
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() {
            mounted.forEach(name -> containers.volumes().releaseTransient(name, holder));
            mounted.clear();
        }
    }

    /** Where a volume's data is on the host (its driver's path), if the volume and its driver are there. */
    private Optional<Path> volumeDir(String name) {
        var volumes = containers.volumes();
        if (volumes == null) {
            return Optional.empty();
        }
        return volumes.view().get(name).map(v -> volumes.mountpoint(v.config())).filter(m -> !m.isEmpty()).map(Path::of);
    }

    private static ContainerPathStat dto(PathStat s) {
        return new ContainerPathStat(s.name(), s.size(), s.mode(), GO_TIME.format(s.mtime()), s.linkTarget());
    }
}
