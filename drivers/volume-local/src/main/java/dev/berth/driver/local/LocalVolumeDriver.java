package dev.berth.driver.local;

import dev.berth.spi.EngineException;
import dev.berth.spi.volume.VolumeDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * dockerd's {@code local} driver: each volume is {@code <data-root>/volumes/<name>/_data}, a plain
 * directory or, with {@code type}/{@code device}/{@code o}, whatever those mount there (tmpfs, a bind
 * of a host directory, NFS …). Such a mount is made at the first caller's {@link #mount} and undone at
 * the last one's {@link #unmount}, as dockerd does — a tmpfs volume's data lives only while used.
 *
 * <p>Options are stored beside the data ({@code opts.properties}) so that a volume an earlier daemon
 * made is known before {@link #restore}; the journal's options, given to restore, win. Each volume's
 * calls are serialised on a lock of its own: one slow NFS mount does not hold up the others.
 */
final class LocalVolumeDriver implements VolumeDriver {
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
    private static final String DATA = "_data";

    private final Path root;
    private final HostMounts mounts;
    private final OptionsFile optionsFile = new OptionsFile();
    private final Map<String, Volume> volumes = new ConcurrentHashMap<>();
    // a monitor per volume name from a fixed set: nothing kept for a volume once it is gone
    private final Object[] locks = Stream.generate(Object::new).limit(64).toArray();

    /** What the driver knows of one volume; guarded by the volume's lock. */
    private static final class Volume {
        final LocalOptions options;
        final Set<String> callers = new LinkedHashSet<>();

        Volume(LocalOptions options) {
            this.options = options;
        }
    }

    LocalVolumeDriver(Path dataRoot, HostMounts mounts) {
        this.root = dataRoot.resolve("volumes");
        this.mounts = mounts;
        try {
            Files.createDirectories(root);
            // as dockerd: others may traverse to a volume's _data (containers' users) but not list names
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx-----x"));
        } catch (IOException e) {
            throw EngineException.unavailable("cannot create " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return LocalVolumeProvider.NAME;
    }

    @Override
    public void create(String name, Map<String, String> options) {
        checkName(name);
        LocalOptions parsed = LocalOptions.parse(options);
        synchronized (lock(name)) {
            if (known(name) != null) {
                return; // dockerd keeps an existing volume's options
            }
            make(name, parsed);
            volumes.put(name, new Volume(parsed));
        }
    }

    @Override
    public Path mount(String name, String callerId) {
        synchronized (lock(name)) {
            Volume v = known(name);
            if (v == null) {
                throw EngineException.notFound("no such volume: " + name);
            }
            Path data = path(name);
            if (v.options.needsMount() && v.callers.isEmpty() && mounts.mountsAt(data) == 0) {
                mounts.mount(v.options, data);
            }
            v.callers.add(callerId);
            return data;
        }
    }

    @Override
    public void unmount(String name, String callerId) {
        synchronized (lock(name)) {
            Volume v = volumes.get(name);
            if (v == null || !v.callers.remove(callerId)) {
                return;
            }
            if (v.callers.isEmpty() && v.options.needsMount()) {
                mounts.unmount(path(name));
            }
        }
    }

    @Override
    public Path path(String name) {
        checkName(name);
        return root.resolve(name).resolve(DATA);
    }

    /** Unmounts the volume's own mount, then deletes its directory; never reaches into another mount. */
    @Override
    public void remove(String name) {
        checkName(name);
        synchronized (lock(name)) {
            Path dir = root.resolve(name);
            mounts.unmount(path(name));
            List<String> left = Files.exists(dir) ? mounts.mountsUnder(dir) : List.of();
            if (!left.isEmpty()) {
                throw EngineException.internal("error removing volume path '" + dir + "': " + left.get(0)
                        + " is a mount point", null);
            }
            try {
                Trees.delete(dir);
            } catch (IOException e) {
                throw EngineException.internal("error removing volume path '" + dir + "': " + e.getMessage(), e);
            }
            volumes.remove(name);
        }
    }

    @Override
    public long size(String name) {
        Path data = path(name);
        return Files.isDirectory(data) ? Trees.size(data) : 0;
    }

    /**
     * Makes the journal's volumes exist with the journal's options, each mounted once if a caller is
     * listed and not mounted otherwise. Directories the journal does not list keep their data (the
     * engine removes them if it wants) but lose their mount. Every volume is tried; those that failed
     * are named in one error at the end.
     */
    @Override
    public void restore(Map<String, Map<String, String>> listed, Map<String, List<String>> mountedBy) {
        List<String> failed = new ArrayList<>();
        for (var e : listed.entrySet()) {
            String name = e.getKey();
            try {
                restoreOne(name, LocalOptions.parse(e.getValue()), mountedBy.getOrDefault(name, List.of()));
            } catch (RuntimeException ex) {
                failed.add(name + ": " + ex.getMessage());
            }
        }
        for (String name : onDisk()) {
            if (!listed.containsKey(name)) {
                synchronized (lock(name)) {
                    volumes.remove(name);
                    try {
                        mounts.unmount(path(name));
                        deleteIfNeverUsed(name);
                    } catch (RuntimeException ex) {
                        failed.add(name + ": " + ex.getMessage());
                    }
                }
            }
        }
        if (!failed.isEmpty()) {
            throw EngineException.internal("local volumes not restored: " + String.join("; ", failed), null);
        }
    }

    private void restoreOne(String name, LocalOptions options, List<String> callers) {
        checkName(name);
        synchronized (lock(name)) {
            Path dir = root.resolve(name);
            if (!Files.isDirectory(dir.resolve(DATA))) {
                make(name, options);
            } else if (!options.equals(optionsFile.read(dir))) {
                optionsFile.write(dir, options);
            }
            Volume v = new Volume(options);
            volumes.put(name, v);
            Path data = dir.resolve(DATA);
            if (options.needsMount() && callers.isEmpty()) {
                mounts.unmount(data);
            } else if (options.needsMount() && mounts.mountsAt(data) == 0) {
                mounts.mount(options, data); // after a reboot; a killed daemon's mount is still there
            }
            // counted only once their data is there: a failed mount leaves them to the engine
            v.callers.addAll(callers);
        }
    }

    @Override
    public void close() {
        // nothing held: mounts outlive the daemon on purpose (running containers use them)
    }

    /** The volume, loaded from disk when an earlier daemon made it; null when there is none. */
    private Volume known(String name) {
        Volume v = volumes.get(name);
        if (v != null) {
            return v;
        }
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir.resolve(DATA))) {
            return null;
        }
        try {
            v = new Volume(optionsFile.read(dir));
        } catch (UncheckedIOException e) {
            throw EngineException.internal("error while loading volume options for volume: " + name + ": "
                    + e.getCause().getMessage(), e);
        }
        volumes.put(name, v);
        return v;
    }

    /** The directories, then the options file; on failure nothing is left. */
    private void make(String name, LocalOptions options) {
        Path dir = root.resolve(name);
        boolean existed = Files.exists(dir);
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx-----x"));
            Path data = Files.createDirectories(dir.resolve(DATA));
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
            optionsFile.write(dir, options);
        } catch (IOException | UncheckedIOException e) {
            if (!existed) {
                try {
                    Trees.delete(dir);
                } catch (IOException ignored) {
                    // the error below is the one that matters
                }
            }
            throw EngineException.internal("error while creating volume path '" + dir + "': " + e.getMessage(), e);
        }
    }

    /**
     * A volume on disk that the journal does not list, with nothing in it and nothing mounted below:
     * made by a create that berthd was killed in before journaling it (so never acknowledged). It
     * goes; one holding data stays for an administrator to look at.
     */
    private void deleteIfNeverUsed(String name) {
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir.resolve(DATA))) {
            // killed between making the directory and its _data: nothing can have been put in it
            try {
                if (mounts.mountsUnder(dir).isEmpty()) {
                    Trees.delete(dir);
                }
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (var entries = Files.list(dir.resolve(DATA))) {
            if (entries.findAny().isPresent() || !mounts.mountsUnder(dir).isEmpty()) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Trees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> onDisk() {
        try (var dirs = Files.list(root)) {
            // a directory without _data too: a create killed half-way leaves one (never acknowledged)
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).toList();
        } catch (IOException e) {
            throw EngineException.internal("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private Object lock(String name) {
        return locks[Math.floorMod(name.hashCode(), locks.length)];
    }

    /** The engine checks names first; this keeps a bad one from ever becoming a path outside the root. */
    static void checkName(String name) {
        if (name.length() == 1) {
            throw EngineException.invalid(
                    "volume name is too short, names should be at least two alphanumeric characters");
        }
        if (!NAME.matcher(name).matches()) {
            throw EngineException.invalid("\"" + name + "\" includes invalid characters for a local volume name, "
                    + "only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, "
                    + "use absolute path");
        }
    }
}
