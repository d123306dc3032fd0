package dev.berth.persistence.plugin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.berth.persistence.BerthSerializable;
import dev.berth.persistence.CalledBy;
import dev.berth.spi.Caller;
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
    record Enabled(Instant at, String pluginType, String name, String version, String source,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements PluginEvent, CalledBy<PluginEvent> {
        /** Without a caller: a row from before the engine's own were marked. */
        public Enabled(Instant at, String pluginType, String name, String version, String source) {
            this(at, pluginType, name, version, source, null);
        }

        @Override
        public Enabled withCaller(Caller caller) {
            return new Enabled(at, pluginType, name, version, source, caller);
        }
    }

    /** Enabled before, and at this start no longer there or no longer used. */
    record Disabled(Instant at, String pluginType, String name, String reason,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements PluginEvent, CalledBy<PluginEvent> {
        /** Without a caller: a row from before the engine's own were marked. */
        public Disabled(Instant at, String pluginType, String name, String reason) {
            this(at, pluginType, name, reason, null);
        }

        @Override
        public Disabled withCaller(Caller caller) {
            return new Disabled(at, pluginType, name, reason, caller);
        }
    }

    /** Could not be loaded or made, with why (a new reason is a new event). */
    record LoadFailed(Instant at, String pluginType, String name, String version, String source, String reason,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements PluginEvent, CalledBy<PluginEvent> {
        /** Without a caller: a row from before the engine's own were marked. */
        public LoadFailed(Instant at, String pluginType, String name, String version, String source, String reason) {
            this(at, pluginType, name, version, source, reason, null);
        }

        @Override
        public LoadFailed withCaller(Caller caller) {
            return new LoadFailed(at, pluginType, name, version, source, reason, caller);
        }
    }
}
