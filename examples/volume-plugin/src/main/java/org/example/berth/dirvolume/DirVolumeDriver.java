package org.example.berth.dirvolume;

import dev.berth.spi.EngineException;
import dev.berth.spi.volume.VolumeDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A volume is the directory {@code <root>/<name>/data}; its one option, {@code mode} (e.g. {@code 0775}),
 * sets that directory's permissions. Mounting hands out the path; callers are only counted, since a
 * plain directory needs no mount. One lock serialises everything: berthd may call from many threads.
 */
final class DirVolumeDriver implements VolumeDriver {
    private final Path root;
    private final Map<String, Set<String>> callers = new HashMap<>();

    DirVolumeDriver(Path root) {
        this.root = root;
    }

    @Override
    public String name() {
        return DirVolumeProvider.NAME;
    }

    @Override
    public synchronized void create(String name, Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!key.equals("mode")) {
                // INVALID_ARGUMENT: the API answers 400 with this message, and nothing is made
                throw EngineException.invalid("invalid option: \"" + key + "\"");
            }
        }
        String mode = options.get("mode");
        if (mode != null && !mode.matches("0?[0-7]{3}")) {
            throw EngineException.invalid("invalid mode: \"" + mode + "\"");
        }
        try {
            Files.createDirectories(path(name));
            if (mode != null) {
                Files.setPosixFilePermissions(path(name), PosixFilePermissions.fromString(rwx(mode)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized Path mount(String name, String callerId) {
        if (!Files.isDirectory(path(name))) {
            throw EngineException.notFound("no such volume: " + name);
        }
        callers.computeIfAbsent(name, n -> new HashSet<>()).add(callerId);
        return path(name);
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
        return root.resolve(name).resolve("data");
    }

    @Override
    public synchronized void remove(String name) {
        callers.remove(name);
        Path dir = root.resolve(name);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void restore(Map<String, Map<String, String>> volumes, Map<String, List<String>> mountedBy) {
        callers.clear();
        volumes.forEach(this::create);
        mountedBy.forEach((name, ids) -> callers.computeIfAbsent(name, n -> new HashSet<>()).addAll(ids));
    }

    @Override
    public void close() {
        // nothing held open
    }

    private static String rwx(String octal) {
        String digits = octal.length() == 4 ? octal.substring(1) : octal;
        StringBuilder sb = new StringBuilder();
        for (char c : digits.toCharArray()) {
            int v = c - '0';
            sb.append((v & 4) != 0 ? 'r' : '-').append((v & 2) != 0 ? 'w' : '-').append((v & 1) != 0 ? 'x' : '-');
        }
        return sb.toString();
    }
}
