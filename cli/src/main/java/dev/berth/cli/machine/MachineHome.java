package dev.berth.cli.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where machines live: {@code $BERTH_MACHINE_HOME} (default {@code ~/.berth/machine}) holds one
 * directory per machine; base images are cached under {@code $BERTH_MACHINE_CACHE} (default
 * {@code ~/.cache/berth/machine}) so that a second machine, or a machine made again, does not rebuild.
 */
record MachineHome(Path base, Path cache, Path berthRoot) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");
    static final String DEFAULT_NAME = "default";

    static MachineHome from(Map<String, String> env) {
        Path home = Path.of(System.getProperty("user.home"));
        Path base = env.containsKey("BERTH_MACHINE_HOME") ? Path.of(env.get("BERTH_MACHINE_HOME"))
                : home.resolve(".berth").resolve("machine");
        Path cache = env.containsKey("BERTH_MACHINE_CACHE") ? Path.of(env.get("BERTH_MACHINE_CACHE"))
                : home.resolve(".cache").resolve("berth").resolve("machine");
        // bin/berth passes the checkout (or install) it runs from: the daemon jars and scripts are there
        String root = System.getProperty("berth.home", env.getOrDefault("BERTH_HOME", "."));
        return new MachineHome(base.toAbsolutePath(), cache.toAbsolutePath(), Path.of(root).toAbsolutePath());
    }

    static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid machine name \"" + name
                    + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed, up to 63 characters");
        }
        return name;
    }

    Path dir(String name) {
        return base.resolve(checkName(name));
    }

    List<String> names() throws IOException {
        if (!Files.isDirectory(base)) return List.of();
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(base)) {
            s.filter(p -> Files.isRegularFile(p.resolve(MachineConfig.FILE)))
                    .forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }
}
