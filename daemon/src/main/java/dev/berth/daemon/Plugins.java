package dev.berth.daemon;

import dev.berth.spi.DriverContext;
import dev.berth.spi.EngineException;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkProvider;
import dev.berth.spi.runtime.RuntimeDriver;
import dev.berth.spi.runtime.RuntimeProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds drivers with {@link ServiceLoader} on the daemon's classpath plus every jar in the plugin
 * directory. A driver that cannot run here is listed with its reason, not fatal — unless it is the
 * one the daemon was told to use.
 */
final class Plugins {
    private static final Logger LOG = LoggerFactory.getLogger(Plugins.class);
    static final Path DEFAULT_DIR = Path.of("/usr/lib/berth/plugins");

    private final ClassLoader loader;
    private final Map<String, String> unavailable = new LinkedHashMap<>();

    Plugins(Path pluginDir) {
        this.loader = loader(pluginDir);
    }

    private static ClassLoader loader(Path dir) {
        List<URL> jars = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                    jars.add(p.toUri().toURL());
                }
            } catch (IOException e) {
                LOG.warn("cannot list plugin directory {}: {}", dir, e.getMessage());
            }
        }
        ClassLoader parent = Plugins.class.getClassLoader();
        return jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(URL[]::new), parent);
    }

    /** Names of the runtime providers found, available or not. */
    List<String> runtimeNames() {
        return ServiceLoader.load(RuntimeProvider.class, loader).stream().map(p -> p.get().name()).toList();
    }

    RuntimeDriver runtime(String name, DriverContext context) {
        for (RuntimeProvider p : ServiceLoader.load(RuntimeProvider.class, loader)) {
            if (p.name().equals(name)) {
                try {
                    return p.create(context);
                } catch (EngineException e) {
                    unavailable.put(name, e.getMessage());
                    throw e;
                }
            }
        }
        throw EngineException.invalid("unknown runtime: " + name + " (found: " + runtimeNames() + ")");
    }

    NetworkDriver network(String name, DriverContext context) {
        for (NetworkProvider p : ServiceLoader.load(NetworkProvider.class, loader)) {
            if (p.name().equals(name)) {
                try {
                    return p.create(context);
                } catch (EngineException e) {
                    unavailable.put(name, e.getMessage());
                    throw e;
                }
            }
        }
        throw EngineException.invalid("unknown network driver: " + name);
    }

    Map<String, String> unavailable() {
        return Map.copyOf(unavailable);
    }

}
