package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.ContainerLogs.Run;
import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which run an attach waits out, and when it has ended (`docker start -a`, `docker run`, `docker attach`). */
class AttachRunTest {
    private static final Instant FIRST = Instant.parse("2026-12-04T07:00:00Z");
    private static final Instant SECOND = FIRST.plusMillis(300);

    private static ContainerInfo info(Instant started, Instant finished) {
        var config = new ContainerConfig("busybox", "", "", "", List.of(), List.of("true"), List.of(), "/", Map.of(),
                List.of(), List.of(), false, false, null, null);
        return new ContainerInfo("c".repeat(64), "web", Instant.EPOCH, "sha256:" + "a".repeat(64), List.of(), config,
                HostConfig.builder().networkMode("none").build(), started, finished, 0, false, "", 0, List.of());
    }

    private static ContainerState exited(Instant started, Instant finished) {
        return new ContainerState.Stopped(info(started, finished), false, false);
    }

    private static ContainerState running(Instant started) {
        return new ContainerState.Running(info(started, null), 42, false, false, false);
    }

    @Test
    void attachedToAnExitedContainer_waitsForTheNextRun_evenIfTheLastEndedJustBefore() {
        Run run = Run.of(exited(FIRST, FIRST.plusMillis(5)));
        assertThat(run.endedIn(exited(FIRST, FIRST.plusMillis(5)))).as("nothing started since").isFalse();
        assertThat(run.endedIn(running(SECOND))).isFalse();
        assertThat(run.endedIn(exited(SECOND, SECOND.plusMillis(5)))).as("the run it waited for ended").isTrue();
    }

    @Test
    void attachedToACreatedContainer_waitsForItsFirstRun() {
        Run run = Run.of(new ContainerState.Created(info(null, null)));
        assertThat(run.endedIn(new ContainerState.Created(info(null, null)))).isFalse();
        assertThat(run.endedIn(new ContainerState.Starting(info(null, null), false))).isFalse();
        assertThat(run.endedIn(exited(FIRST, FIRST.plusMillis(5)))).isTrue();
    }

    @Test
    void attachedToARunningContainer_endsWithThatRun() {
        Run run = Run.of(running(FIRST));
        assertThat(run.endedIn(running(FIRST))).isFalse();
        assertThat(run.endedIn(exited(FIRST, SECOND))).isTrue();
    }

    @Test
    void aRemovedContainer_endsAnyAttach() {
        assertThat(Run.of(exited(FIRST, SECOND)).endedIn(new ContainerState.Removed(info(FIRST, SECOND)))).isTrue();
        assertThat(Run.of(null).endedIn(new ContainerState.Removed(info(null, null)))).isTrue();
    }
}
