package dev.berth.persistence.plugin;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.berth.persistence.BerthSerializable;
import java.time.Instant;

/**
 * What happened to the daemon's plugins across starts (persistence id {@code plugins}): journaled
 * only when a plugin's standing changes from what the journal last said, so a restart that finds
 * the same plugins journals nothing.
 *
 * <p>{@code type} is the driver kind ({@code volume}, {@code network}, {@code runtime},
 * {@code authorization}) or {@code jar} for a jar refused as a whole; {@code source} is
 * {@code built-in} or the jar's file name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PluginEvent.Enabled.class, name = "enabled"),
    @JsonSubTypes.Type(value = PluginEvent.Disabled.class, name = "disabled"),
    @JsonSubTypes.Type(value = PluginEvent.LoadFailed.class, name = "load-failed"),
})
public sealed interface PluginEvent extends BerthSerializable {
    Instant at();

    String pluginType();

    String name();

    /** The directory's key: one standing per kind and name. */
    default String key() {
        return pluginType() + "/" + name();
    }

    /** Loaded and made at start (or its version or jar changed). */
    record Enabled(Instant at, String pluginType, String name, String version, String source) implements PluginEvent {}

    /** Enabled before, and at this start no longer there or no longer used. */
    record Disabled(Instant at, String pluginType, String name, String reason) implements PluginEvent {}

    /** Could not be loaded or made, with why (a new reason is a new event). */
    record LoadFailed(Instant at, String pluginType, String name, String version, String source, String reason)
            implements PluginEvent {}
}
