package dev.berth.persistence.plugin;

import dev.berth.persistence.BerthSerializable;
import java.util.HashMap;
import java.util.Map;

/** Each plugin's last journaled standing, by {@link PluginEvent#key()}. Immutable. */
public record PluginState(Map<String, PluginEvent> plugins) implements BerthSerializable {
    public PluginState {
        plugins = Map.copyOf(plugins);
    }

    public static PluginState empty() {
        return new PluginState(Map.of());
    }

    public PluginState apply(PluginEvent event) {
        var next = new HashMap<>(plugins);
        next.put(event.key(), event);
        return new PluginState(next);
    }

    /** Whether {@code event} says nothing new about its plugin (its time aside). */
    public boolean knows(PluginEvent event) {
        PluginEvent last = plugins.get(event.key());
        if (last == null) {
            return false;
        }
        if (event instanceof PluginEvent.Enabled e) {
            return last instanceof PluginEvent.Enabled l && l.version().equals(e.version())
                    && l.source().equals(e.source());
        }
        if (event instanceof PluginEvent.LoadFailed e) {
            return last instanceof PluginEvent.LoadFailed l && l.reason().equals(e.reason())
                    && l.source().equals(e.source()) && l.version().equals(e.version());
        }
        return last instanceof PluginEvent.Disabled;
    }
}
