package dev.berth.testplugin.volume;

import dev.berth.spi.EngineException;
import dev.berth.spi.volume.VolumeDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real, simple driver: a volume is the directory {@code <root>/<name>}, mounted by handing out that
 * path. It writes {@link #MARKER} into each volume so a test (or a container) can tell this driver
 * made it. It takes no options. Callers are only counted; one lock serialises everything.
 */
final class SampleVolumeDriver implements VolumeDriver {
    static final String MARKER = ".sample-driver";

    private final Path root;
    private final Map<String, Set<String>> callers = new ConcurrentHashMap<>();

    SampleVolumeDriver(Path root) {
        this.root = root;
    }

    @Override
    public String name() {
        return SampleVolumeProvider.NAME;
    }

    @Override
    public synchronized void create(String name, Map<String, String> options) {
        if (!options.isEmpty()) {
            throw EngineException.invalid("invalid option: \"" + options.keySet().stream().sorted().findFirst().get()
                    + "\" (the sample driver takes none)");
        }
        make(name);
    }

    @Override
    public synchronized Path mount(String name, String callerId) {
        Path dir = path(name);
        if (!Files.isRegularFile(dir.resolve(MARKER))) {
            throw EngineException.notFound("sample volume " + name + " not found");
        }
        callers.computeIfAbsent(name, n -> new HashSet<>()).add(callerId);
        return dir;
    }

    @Override
    public synchronized void unmount(String name, String callerId) {
        Set<String> c = callers.get(name);
        if (c != null) {
            c.remove(callerId);
        }
    }

    @Override
    public Path path(String name) {
        return root.resolve(name);
    }

    @Override
    public synchronized void remove(String name) {
        callers.remove(name);
        Path dir = path(name);
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw EngineException.internal("sample volume " + name + " not removed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void restore(Map<String, Map<String, String>> volumes, Map<String, List<String>> mountedBy) {
        callers.clear();
        volumes.keySet().forEach(this::make);
        mountedBy.forEach((name, ids) -> {
            if (volumes.containsKey(name)) {
                callers.put(name, new HashSet<>(ids));
            }
        });
    }

    @Override
    public void close() {
        // nothing held
    }

    private void make(String name) {
        try {
            Path dir = Files.createDirectories(path(name));
            Path marker = dir.resolve(MARKER);
            if (!Files.exists(marker)) {
                Files.writeString(marker, "made by the sample volume driver\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
