package dev.berth.persistence.volume;

import java.util.Map;
import java.util.Objects;

/**
 * What a volume was created with. The name is checked by the engine before it is journaled.
 *
 * @param options   the driver's options as given ({@code --opt k=v})
 * @param anonymous made without a name (by {@code docker volume create} with none, or a container's
 *                  {@code -v /path}): {@code volume prune} removes these without {@code all}
 */
public record VolumeConfig(String name, String driver, Map<String, String> options, Map<String, String> labels,
                           boolean anonymous) {
    public VolumeConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
        options = options == null ? Map.of() : Map.copyOf(options);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
