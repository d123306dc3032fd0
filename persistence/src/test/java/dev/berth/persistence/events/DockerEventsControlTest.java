package dev.berth.persistence.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.persistence.Samples;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfigUpdate;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** pause, unpause and update as {@code /events} shows them, and what they do to the folded state. */
class DockerEventsControlTest {
    private static final String PID = "container|" + Samples.ID;
    private static final Instant AT = Instant.parse("2024-05-01T10:00:10Z");

    private static ContainerState running() {
        return ContainerState.empty().apply(Samples.created()).apply(new ContainerEvent.StartRequested(AT))
                .apply(new ContainerEvent.Started(AT, 42));
    }

    @Test
    void map_pausedUnpausedUpdated_dockersActionsWithNameAndImage() {
        var paused = DockerEvents.map(PID, 5, new ContainerEvent.Paused(AT), running());
        assertThat(paused).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("container");
            assertThat(e.action()).isEqualTo("pause");
            assertThat(e.actorId()).isEqualTo(Samples.ID);
            assertThat(e.attributes()).containsEntry("name", "web").containsKey("image");
        });
        assertThat(DockerEvents.map(PID, 6, new ContainerEvent.Unpaused(AT), running()))
                .singleElement().extracting(DockerEvent::action).isEqualTo("unpause");
        var update = new ContainerEvent.Updated(AT, new HostConfigUpdate(null, null, null, null, 10L, null));
        assertThat(DockerEvents.map(PID, 7, update, running()))
                .singleElement().extracting(DockerEvent::action).isEqualTo("update");
    }

    @Test
    void apply_pauseFoldsIntoRunning_updateIntoTheHostConfig_exitEndsThePause() {
        ContainerState s = running().apply(new ContainerEvent.Paused(AT));
        assertThat(s.status()).isEqualTo("paused");
        assertThat(((ContainerState.Running) s).paused()).isTrue();
        s = s.apply(new ContainerEvent.Updated(AT, new HostConfigUpdate(null, null, null, null, 10L, null)));
        assertThat(s.info().hostConfig().pidsLimit()).isEqualTo(10);
        assertThat(((ContainerState.Running) s).paused()).as("an update keeps the pause").isTrue();
        s = s.apply(new ContainerEvent.Exited(AT, 137, false));
        assertThat(s.status()).isEqualTo("exited");
        assertThat(s.info().hostConfig().pidsLimit()).isEqualTo(10);
    }
}
