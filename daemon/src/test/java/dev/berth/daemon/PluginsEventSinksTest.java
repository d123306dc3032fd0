package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.MetricsText;
import dev.berth.daemon.sinks.EventSinks;
import dev.berth.daemon.sinks.SinkConfig;
import dev.berth.daemon.sinks.SinkStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which sinks daemon.json's entries make, what is listed, and what stops the start. */
class PluginsEventSinksTest {
    @TempDir
    Path tmp;

    @Test
    void eventSinks_knownTypeMade_unknownListedWithReason_unusedAvailable() throws Exception {
        Plugins plugins = new Plugins(tmp.resolve("no-plugin-dir"));
        List<EventSinks.Made> made = plugins.eventSinks(SinkConfig.parse(List.of(
                Map.of("type", "file", "path", tmp.resolve("e.log").toString()),
                Map.of("type", "kafka", "name", "bus"))), tmp);
        try {
            assertThat(made).extracting(m -> m.config().name()).containsExactly("file");
            assertThat(plugins.found()).contains(
                    new Plugins.Found("event-sink", "file", BuildInfo.VERSION, "built-in", "enabled", null),
                    new Plugins.Found("event-sink", "bus", BuildInfo.VERSION, "built-in", "failed",
                            "no event sink of type \"kafka\" (found: [file, syslog])"),
                    new Plugins.Found("event-sink", "syslog", BuildInfo.VERSION, "built-in", "available", null));
            assertThat(plugins.unavailable()).extracting(Plugins.Unavailable::warning).contains(
                    "WARNING: event sink \"bus\" is not available: no event sink of type \"kafka\" (found: [file, syslog])");
        } finally {
            for (EventSinks.Made m : made) {
                m.sink().close();
            }
        }
    }

    @Test
    void eventSinks_badOption_stopsTheStartNamingIt() {
        Plugins plugins = new Plugins(tmp.resolve("no-plugin-dir"));
        assertThatThrownBy(() -> plugins.eventSinks(SinkConfig.parse(List.of(
                Map.of("type", "file", "name", "audit", "path", "/x", "max-size", "ten"))), tmp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event-sinks: audit: max-size: invalid size \"ten\" (a number of bytes, or with k, m or g)");
    }

    @Test
    void metrics_sinkLagDeliveredFailuresBySink() {
        MetricsText text = new MetricsText();
        EngineMetrics.sinks(text, List.of(new SinkStatus("audit", "file", "12.0", 3, 40, 2, "disk full", Instant.now())));
        assertThat(text.toString()).contains("# TYPE berth_event_sink_lag gauge\n", "berth_event_sink_lag{sink=\"audit\"} 3\n",
                "berth_event_sink_delivered_total{sink=\"audit\"} 40\n", "berth_event_sink_failures_total{sink=\"audit\"} 2\n");
    }
}
