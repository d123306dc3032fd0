package dev.berth.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a driver is given when the daemon creates it: this daemon's directories (two daemons on one
 * host never share them) and free-form options from daemon.json.
 *
 * @param dataRoot persistent state root, e.g. {@code /var/lib/berth}
 * @param execRoot runtime state root (tmpfs), e.g. {@code /run/berth}
 * @param options  driver options, never null
 */
public record DriverContext(Path dataRoot, Path execRoot, Map<String, String> options) {
    public DriverContext {
        Objects.requireNonNull(dataRoot, "dataRoot");
        Objects.requireNonNull(execRoot, "execRoot");
        options = Map.copyOf(options);
    }

    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }
}
