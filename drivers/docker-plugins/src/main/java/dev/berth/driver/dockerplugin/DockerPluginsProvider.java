package dev.berth.driver.dockerplugin;

import dev.berth.spi.DriverContext;
import dev.berth.spi.EngineException;
import dev.berth.spi.lookup.DriverLookup;
import dev.berth.spi.lookup.DriverLookupProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The bridge to Docker's plugin protocol. Options (from daemon.json): {@code docker-plugin-dirs}
 * (the discovery directories, separated by {@code :}; default Docker's) and {@code docker-plugin-timeout}
 * (seconds a plugin may take to appear, and to answer each call; default 30, dockerd's bound).
 */
public final class DockerPluginsProvider implements DriverLookupProvider {
    static final String DIRS = "docker-plugin-dirs";
    static final String TIMEOUT = "docker-plugin-timeout";

    @Override
    public String name() {
        return "docker-plugins";
    }

    @Override
    public DriverLookup create(DriverContext context) {
        String dirs = context.option(DIRS, "");
        List<Path> paths = dirs.isBlank() ? PluginLocator.DEFAULT_DIRS
                : Arrays.stream(dirs.split(":")).filter(s -> !s.isBlank()).map(Path::of).toList();
        long seconds;
        try {
            seconds = Long.parseLong(context.option(TIMEOUT, "30"));
        } catch (NumberFormatException e) {
            throw EngineException.invalid(TIMEOUT + " must be a number of seconds: " + context.option(TIMEOUT, ""));
        }
        if (seconds <= 0) {
            throw EngineException.invalid(TIMEOUT + " must be positive: " + seconds);
        }
        return new DockerPlugins(new PluginLocator(paths), Duration.ofSeconds(seconds));
    }
}
