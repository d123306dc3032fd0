package dev.berth.spi.events;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a sink is given when berthd makes it from one entry of daemon.json's {@code event-sinks}.
 *
 * @param name     the entry's {@code name} (its {@code type} when it gives none): unique among the
 *                 daemon's sinks, and the key of the position berthd stores for it
 * @param dataRoot the daemon's data root; a sink that keeps state keeps it under
 *                 {@code <dataRoot>/event-sinks/<name>/}
 * @param options  the entry's other keys ({@code type} and {@code name} removed), values as text
 */
public record EventSinkContext(String name, Path dataRoot, Map<String, String> options) {
    public EventSinkContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataRoot, "dataRoot");
        options = Map.copyOf(options);
    }

    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }
}
