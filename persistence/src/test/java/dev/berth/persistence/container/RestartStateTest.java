package dev.berth.persistence.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.persistence.Samples;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The restart count and the restarting phase as folded from events, and read from older snapshots. */
class RestartStateTest {
    private static ActorTestKit testKit;
    private static Serialization serialization;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("restart-state");
        serialization = SerializationExtension.get(testKit.system());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static ContainerState exited(ContainerState s, int code) {
        return s.apply(new ContainerEvent.StartRequested(Samples.T1)).apply(new ContainerEvent.Started(Samples.T1, 7))
                .apply(new ContainerEvent.Exited(Samples.T2, code, false));
    }

    @Test
    void scheduledRestarts_countUp_andAStartByTheUserResetsTheCount() {
        ContainerState s = exited(ContainerState.empty().apply(Samples.created()), 1);
        s = s.apply(new ContainerEvent.RestartScheduled(Samples.T2, 100));
        assertThat(s.status()).isEqualTo("restarting");
        assertThat(s.info().restartCount()).isEqualTo(1);
        s = s.apply(new ContainerEvent.StartRequested(Samples.T2));
        assertThat(s.status()).as("still restarting until it runs, as dockerd reports it").isEqualTo("restarting");
        s = s.apply(new ContainerEvent.Started(Samples.T2, 8))
                .apply(new ContainerEvent.Exited(Samples.T2, 1, false))
                .apply(new ContainerEvent.RestartScheduled(Samples.T2, 200));
        assertThat(s.info().restartCount()).as("the policy's own start keeps the count").isEqualTo(2);
        s = s.apply(new ContainerEvent.RestartCanceled(Samples.T2));
        assertThat(s).isEqualTo(new ContainerState.Stopped(s.info(), true, false));
        assertThat(s.status()).isEqualTo("exited");
        assertThat(s.apply(new ContainerEvent.StartRequested(Samples.T2)).info().restartCount()).isZero();
    }

    @Test
    void aKillDuringTheRun_marksItStoppedByTheUser_aStopToo_aCrashNot() {
        ContainerState running = ContainerState.empty().apply(Samples.created())
                .apply(new ContainerEvent.StartRequested(Samples.T1)).apply(new ContainerEvent.Started(Samples.T1, 7));
        var end = new ContainerEvent.Exited(Samples.T2, 137, false);
        assertThat(((ContainerState.Stopped) running.apply(new ContainerEvent.SignalSent(Samples.T2, 9)).apply(end))
                .stoppedByUser()).isTrue();
        assertThat(((ContainerState.Stopped) running.apply(new ContainerEvent.StopRequested(Samples.T2, 15, 1))
                .apply(end)).stoppedByUser()).isTrue();
        assertThat(((ContainerState.Stopped) running.apply(end)).stoppedByUser()).isFalse();
    }

    @Test
    void snapshotsWrittenBeforeRestarts_readAsNotRestartingAndNotSignalled() throws Exception {
        ContainerState stopped = new ContainerState.Stopped(Samples.info(), true);
        ContainerState running = new ContainerState.Running(Samples.info(), 42, false, false);
        ContainerState starting = new ContainerState.Starting(Samples.info());
        for (ContainerState s : new ContainerState[] {stopped, running, starting}) {
            var serializer = serialization.findSerializerFor(s);
            String json = new String(serializer.toBinary(s), StandardCharsets.UTF_8)
                    .replace(",\"restarting\":false", "").replace(",\"signalled\":false", "")
                    .replace("\"restarting\":false,", "");
            assertThat(json).doesNotContain("restarting").doesNotContain("signalled");
            Object read = serialization.deserialize(json.getBytes(StandardCharsets.UTF_8), serializer.identifier(),
                    Serializers.manifestFor(serializer, s)).get();
            assertThat(read).isEqualTo(s);
        }
    }
}
