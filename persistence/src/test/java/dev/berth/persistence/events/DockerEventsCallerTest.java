package dev.berth.persistence.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.persistence.CalledBy;
import dev.berth.persistence.Samples;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.network.NetworkEvent;
import dev.berth.persistence.network.NetworkState;
import dev.berth.spi.Caller;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Who asked (issue 15): a journaled caller becomes {@code berth.*} Actor.Attributes. */
class DockerEventsCallerTest {
    private static final String PID = "container|" + Samples.ID;
    private static final Instant AT = Instant.parse("2024-05-01T10:00:10Z");
    private static final Caller UNIX = new Caller(1000, 1001, 4711, "docker", null, null, "1.50",
            "Docker-Client/28.2.2 (linux)");

    private static ContainerState created() {
        return ContainerState.empty().apply(Samples.created());
    }

    @Test
    void unixCaller_isUidGidPidCommApiUa_besideDockersOwnAttributes() {
        var events = DockerEvents.map(PID, 2, new ContainerEvent.Renamed(AT, "web", "api", UNIX), created());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("rename");
            assertThat(e.attributes()).containsEntry("name", "api").containsEntry("oldName", "/web")
                    .containsEntry("berth.uid", "1000").containsEntry("berth.gid", "1001")
                    .containsEntry("berth.pid", "4711").containsEntry("berth.comm", "docker")
                    .containsEntry("berth.api", "1.50").containsEntry("berth.ua", "Docker-Client/28.2.2 (linux)")
                    .doesNotContainKeys("berth.user", "berth.remote");
        });
    }

    @Test
    void tlsCaller_isUserAndRemote() {
        var caller = new Caller(null, null, null, null, "alice", "192.0.2.7:5123", "1.49", null);
        String pid = "network|" + Samples.network().id();
        var events = DockerEvents.map(pid, 1, new NetworkEvent.Created(AT, Samples.network(), caller),
                NetworkState.empty());
        assertThat(events).singleElement().satisfies(e -> assertThat(e.attributes())
                .containsEntry("berth.user", "alice").containsEntry("berth.remote", "192.0.2.7:5123")
                .containsEntry("berth.api", "1.49").doesNotContainKeys("berth.uid", "berth.ua"));
    }

    @Test
    void noCaller_addsNoBerthKeys() {
        var events = DockerEvents.map(PID, 2, new ContainerEvent.Renamed(AT, "web", "api"), created());
        assertThat(events).singleElement().satisfies(e ->
                assertThat(e.attributes().keySet()).noneMatch(k -> k.startsWith("berth.")));
    }

    @Test
    void engineCaller_isBerthByEngine_onDieAndStopAlike() {
        ContainerState stopping = created().apply(new ContainerEvent.StartRequested(AT))
                .apply(new ContainerEvent.Started(AT, 42)).apply(new ContainerEvent.StopRequested(AT, 15, 10, UNIX));
        var events = DockerEvents.map(PID, 5, new ContainerEvent.Exited(AT, 143, false, CalledBy.ENGINE), stopping);
        assertThat(events).extracting(DockerEvent::action).containsExactly("die", "stop");
        assertThat(events).allSatisfy(e -> assertThat(e.attributes()).containsEntry("berth.by", "engine")
                .doesNotContainKeys("berth.uid", "berth.ua"));
    }

    @Test
    void requestCaller_onExecPauseUpdateCopyConnect() {
        ContainerState running = created().apply(new ContainerEvent.StartRequested(AT))
                .apply(new ContainerEvent.Started(AT, 42));
        for (ContainerEvent e : new ContainerEvent[] {
                new ContainerEvent.ExecDied(AT, "e1", 0, UNIX), new ContainerEvent.Paused(AT, UNIX),
                new ContainerEvent.ArchiveExtracted(AT, UNIX)}) {
            assertThat(DockerEvents.map(PID, 4, e, running)).singleElement().satisfies(d -> assertThat(d.attributes())
                    .as(d.action()).containsEntry("berth.uid", "1000").doesNotContainKey("berth.by"));
        }
    }

    @Test
    void withCaller_keepsEveryOtherField() {
        var created = Samples.created();
        ContainerEvent.Created called = (ContainerEvent.Created) created.withCaller(UNIX);
        assertThat(called.caller()).isEqualTo(UNIX);
        assertThat(called.withCaller(null)).isEqualTo(created);
    }
}
