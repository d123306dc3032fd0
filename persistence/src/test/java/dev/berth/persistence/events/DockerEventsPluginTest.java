package dev.berth.persistence.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.persistence.plugin.PluginEvent;
import dev.berth.persistence.plugin.PluginState;
import java.time.Instant;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Berth's plugin history as dockerd's plugin events, and which standings count as a change. */
class DockerEventsPluginTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void map_enableDisableLoadFailure_typePluginActorTheNameWithItsAttributes() {
        var enable = DockerEvents.map("plugins", 1, new PluginEvent.Enabled(T, "volume", "sshfs", "1.2.0", "sshfs.jar"),
                null);
        assertThat(enable).containsExactly(new DockerEvent("plugin", "enable", "sshfs", Map.of("name", "sshfs",
                "type", "volume", "version", "1.2.0", "source", "sshfs.jar"), T, "plugins", 1));
        var disable = DockerEvents.map("plugins", 2, new PluginEvent.Disabled(T, "volume", "sshfs", "gone"), null);
        assertThat(disable).extracting(DockerEvent::action, DockerEvent::attributes).containsExactly(
                Tuple.tuple("disable", Map.of("name", "sshfs", "type", "volume",
                        "reason", "gone")));
        var failed = DockerEvents.map("plugins", 3, new PluginEvent.LoadFailed(T, "jar", "x.jar", "", "x.jar", "bad"),
                null);
        assertThat(failed.get(0).action()).isEqualTo(DockerEvents.PLUGIN_LOAD_FAILURE).isEqualTo("load_failure");
        assertThat(failed.get(0).attributes()).containsEntry("reason", "bad").containsEntry("type", "jar");
    }

    @Test
    void knows_sameStandingAtAnotherTime_yesAnotherVersionOrReason_no() {
        var state = PluginState.empty()
                .apply(new PluginEvent.Enabled(T, "volume", "a", "1.0.0", "a.jar"))
                .apply(new PluginEvent.LoadFailed(T, "volume", "b", "", "b.jar", "boom"));
        Instant later = T.plusSeconds(60);
        assertThat(state.knows(new PluginEvent.Enabled(later, "volume", "a", "1.0.0", "a.jar"))).isTrue();
        assertThat(state.knows(new PluginEvent.Enabled(later, "volume", "a", "1.1.0", "a.jar"))).isFalse();
        assertThat(state.knows(new PluginEvent.Enabled(later, "network", "a", "1.0.0", "a.jar"))).isFalse();
        assertThat(state.knows(new PluginEvent.LoadFailed(later, "volume", "b", "", "b.jar", "boom"))).isTrue();
        assertThat(state.knows(new PluginEvent.LoadFailed(later, "volume", "b", "", "b.jar", "other"))).isFalse();
        assertThat(state.knows(new PluginEvent.Enabled(later, "volume", "b", "", "b.jar"))).isFalse();
    }
}
