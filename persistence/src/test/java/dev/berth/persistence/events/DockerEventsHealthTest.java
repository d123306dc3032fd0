package dev.berth.persistence.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.persistence.Samples;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HealthStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A health status transition as {@code /events} shows it, and that it leaves the folded state alone. */
class DockerEventsHealthTest {
    private static final String PID = "container|" + Samples.ID;
    private static final Instant AT = Instant.parse("2024-05-01T10:00:10Z");

    @Test
    void map_healthChanged_isDockersHealthStatusAction() {
        ContainerState running = ContainerState.empty().apply(Samples.created())
                .apply(new ContainerEvent.StartRequested(AT)).apply(new ContainerEvent.Started(AT, 42));
        var unhealthy = new ContainerEvent.HealthChanged(AT, HealthStatus.UNHEALTHY, 3);
        assertThat(DockerEvents.map(PID, 9, unhealthy, running)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("health_status: unhealthy");
            assertThat(e.actorId()).isEqualTo(Samples.ID);
            assertThat(e.attributes()).containsEntry("name", "web");
        });
        assertThat(DockerEvents.map(PID, 10, new ContainerEvent.HealthChanged(AT, HealthStatus.HEALTHY, 0), running))
                .singleElement().extracting(DockerEvent::action).isEqualTo("health_status: healthy");
        assertThat(running.apply(unhealthy)).isEqualTo(running);
    }
}
