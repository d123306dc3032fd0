package dev.berth.daemon;

import dev.berth.actors.plugin.PluginDirectory;
import dev.berth.actors.support.Ask;
import dev.berth.actors.support.Done;
import dev.berth.actors.support.LiveEvents;
import dev.berth.persistence.plugin.PluginEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journals what {@link Plugins} found at this start through the {@link PluginDirectory}, which keeps
 * only the changes: {@code docker events --filter type=plugin} then shows {@code enable},
 * {@code disable} and Berth's {@code load_failure} across restarts.
 */
final class PluginHistory {
    private static final Logger LOG = LoggerFactory.getLogger(PluginHistory.class);
    static final String GONE = "not found at daemon start";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private PluginHistory() {
    }

    static void journal(ActorSystem<?> system, LiveEvents live, List<Plugins.Found> found) {
        Instant now = Instant.now();
        List<PluginEvent> seen = new ArrayList<>();
        for (Plugins.Found f : found) {
            if (f.status().equals(Plugins.Found.ENABLED)) {
                seen.add(new PluginEvent.Enabled(now, f.type(), f.name(), f.version(), f.source()));
            } else if (f.status().equals(Plugins.Found.FAILED)) {
                seen.add(new PluginEvent.LoadFailed(now, f.type(), f.name(), f.version(), f.source(),
                        f.reason() == null ? "" : f.reason()));
            }
        }
        var directory = system.systemActorOf(PluginDirectory.create(live), "plugins", Props.empty());
        try {
            new Ask(system, TIMEOUT).<PluginDirectory.Observe, Done>call(directory,
                    r -> new PluginDirectory.Observe(seen, GONE, r));
        } catch (RuntimeException e) {
            // the history is a record, not a gate: berthd serves its plugins even if it cannot write it
            LOG.warn("could not journal the plugins found at start: {}", e.toString());
        }
    }
}
