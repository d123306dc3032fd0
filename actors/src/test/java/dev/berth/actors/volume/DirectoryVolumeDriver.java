package dev.berth.actors.volume;

import dev.berth.spi.EngineException;
import dev.berth.spi.volume.VolumeDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A test driver that keeps each volume as a real directory under a root, knows one option
 * ({@code size}, digits only) and records what it was asked; {@code local} arrives with its own module.
 */
public final class DirectoryVolumeDriver implements VolumeDriver {
    private final String name;
    private final Path root;
    /** (volume, caller) pairs currently mounted. */
    public final Set<String> mounted = ConcurrentHashMap.newKeySet();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public volatile Map<String, Map<String, String>> restoredVolumes;
    public volatile Map<String, List<String>> restoredMounts;

    public DirectoryVolumeDriver(String name, Path root) {
        this.name = name;
        this.root = root;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void create(String volume, Map<String, String> options) {
        for (var option : options.entrySet()) {
            if (!option.getKey().equals("size")) {
                throw EngineException.invalid("invalid option key: \"" + option.getKey() + "\"");
            }
            if (!option.getValue().matches("\\d+")) {
                throw EngineException.invalid("invalid size: '" + option.getValue() + "'");
            }
        }
        calls.add("create " + volume);
        try {
            Files.createDirectories(path(volume));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Path mount(String volume, String callerId) {
        if (!Files.isDirectory(path(volume))) {
            throw EngineException.notFound("no such volume " + volume);
        }
        calls.add("mount " + volume + " " + callerId);
        mounted.add(volume + " " + callerId);
        return path(volume);
    }

    @Override
    public void unmount(String volume, String callerId) {
        calls.add("unmount " + volume + " " + callerId);
        mounted.remove(volume + " " + callerId);
    }

    @Override
    public Path path(String volume) {
        return root.resolve(volume);
    }

    @Override
    public void remove(String volume) {
        calls.add("remove " + volume);
        Path dir = path(volume);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long size(String volume) {
        try (Stream<Path> files = Files.walk(path(volume))) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void restore(Map<String, Map<String, String>> volumes, Map<String, List<String>> mountedBy) {
        restoredVolumes = Map.copyOf(volumes);
        restoredMounts = Map.copyOf(mountedBy);
    }

    @Override
    public void close() {
    }
}
