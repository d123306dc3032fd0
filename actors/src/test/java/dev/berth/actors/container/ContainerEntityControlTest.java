package dev.berth.actors.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.berth.actors.names.NamesCommand;
import dev.berth.actors.support.Done;
import dev.berth.actors.support.LiveEvents;
import dev.berth.actors.support.Reply;
import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.HostConfigUpdate;
import dev.berth.persistence.container.RestartPolicy;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.runtime.ExitListener;
import dev.berth.spi.runtime.ExitStatus;
import dev.berth.spi.runtime.RunResult;
import dev.berth.spi.runtime.RuntimeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pause, unpause and update as the container entity journals them, on a runtime stand-in that records. */
class ContainerEntityControlTest {
    private static final ActorTestKit KIT = ActorTestKit.create(
            EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
    private static final long MB = 1024 * 1024;

    private final FreezingRuntime runtime = new FreezingRuntime();
    private final ContainerView view = new ContainerView();
    private EventSourcedBehaviorTestKit<ContainerCommand, ContainerEvent, ContainerState> kit;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        TestProbe<NamesCommand> names = KIT.createTestProbe(NamesCommand.class);
        var deps = new ContainerEntity.Deps(runtime, ForkJoinPool.commonPool(), view, new LiveEvents(), names.ref());
        kit = EventSourcedBehaviorTestKit.create(KIT.system(), ContainerEntity.create("c1", deps),
                new EventSourcedBehaviorTestKit.SerializationSettings(true, false, false, true, true));
        var config = new ContainerConfig("busybox", "", "", "", List.of(), List.of("sleep", "5"), List.of(), "/",
                Map.of(), List.of(), List.of(), false, false, null, null);
        var host = HostConfig.builder().networkMode("none").memory(64 * MB).build();
        kit.<Reply<Done>>runCommand(r -> new ContainerCommand.Create(new ContainerEvent.Created(
                Instant.parse("2026-11-27T19:00:00Z"), "c1", "web", "sha256:" + "a".repeat(64),
                List.of("sha256:" + "b".repeat(64)), config, host, List.of()), r));
    }

    private void start() {
        var probe = KIT.<Reply<Done>>createTestProbe();
        kit.runCommand(new ContainerCommand.Start(probe.ref()));
        assertThat(probe.receiveMessage()).isEqualTo(Reply.ok(Done.DONE));
    }

    private Reply<Done> ask(Function<ActorRef<Reply<Done>>, ContainerCommand> cmd) {
        var probe = KIT.<Reply<Done>>createTestProbe();
        kit.runCommand(cmd.apply(probe.ref()));
        return probe.receiveMessage(Duration.ofSeconds(5));
    }

    private static boolean paused(ContainerState s) {
        return s instanceof ContainerState.Running r && r.paused();
    }

    @Test
    void pause_running_frozenByTheRuntimeThenJournaled_statusPaused() {
        start();
        assertThat(ask(ContainerCommand.Pause::new)).isEqualTo(Reply.ok(Done.DONE));
        assertThat(runtime.calls).containsExactly("pause");
        assertThat(paused(kit.getState())).isTrue();
        assertThat(view.resolve("web").status()).isEqualTo("paused");

        var again = ask(ContainerCommand.Pause::new);
        assertThat(((Reply.Err<Done>) again).kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(((Reply.Err<Done>) again).message()).isEqualTo("container c1 is already paused");

        assertThat(ask(ContainerCommand.Unpause::new)).isEqualTo(Reply.ok(Done.DONE));
        assertThat(paused(kit.getState())).isFalse();
        assertThat(view.resolve("web").status()).isEqualTo("running");
        var notPaused = ask(ContainerCommand.Unpause::new);
        assertThat(((Reply.Err<Done>) notPaused).message()).isEqualTo("container c1 is not paused");
    }

    @Test
    void pause_runtimeRefuses_nothingJournaled() {
        start();
        runtime.pauseError = EngineException.unavailable("runc pause: no freezer", null);
        var reply = ask(ContainerCommand.Pause::new);
        assertThat(((Reply.Err<Done>) reply).message()).contains("no freezer");
        assertThat(paused(kit.getState())).isFalse();
    }

    @Test
    void pause_notRunning_conflict() {
        var reply = ask(ContainerCommand.Pause::new);
        assertThat(((Reply.Err<Done>) reply).kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(((Reply.Err<Done>) reply).message()).isEqualTo("container c1 is not running");
    }

    @Test
    void kill_paused_signalThenThaw_journaledUnpaused() {
        start();
        ask(ContainerCommand.Pause::new);
        assertThat(ask(r -> new ContainerCommand.Kill(9, r))).isEqualTo(Reply.ok(Done.DONE));
        KIT.createTestProbe().awaitAssert(() -> {
            assertThat(runtime.calls).containsSubsequence("pause", "kill 9", "resume");
            assertThat(paused(kit.getState())).isFalse();
            return null;
        });
    }

    @Test
    void restart_frozenBehindTheDaemonsBack_recoveryJournalsPaused() {
        start();
        runtime.restoreAnswer = new RuntimeStatus.Running(4242);
        runtime.frozen = true;
        kit.restart();
        var recovered = KIT.<Reply<Done>>createTestProbe();
        kit.runCommand(new ContainerCommand.AwaitRecovered(recovered.ref()));
        assertThat(recovered.receiveMessage()).isEqualTo(Reply.ok(Done.DONE));
        // by the time recovery answers, the freezer's state is journaled
        assertThat(view.resolve("web").status()).isEqualTo("paused");
        assertThat(paused(kit.getState())).isTrue();
    }

    @Test
    void update_running_appliedThenJournaled_keptInTheHostConfig() {
        start();
        var update = new HostConfigUpdate(100 * MB, null, null, null, 50L, RestartPolicy.of("always", 0));
        assertThat(ask(r -> new ContainerCommand.Update(update, r))).isEqualTo(Reply.ok(Done.DONE));
        assertThat(runtime.updated).hasSize(1);
        assertThat(runtime.updated.get(0).memory()).isEqualTo(100 * MB);
        // the implicit swap (twice the old memory) is pinned, as Docker stores it
        assertThat(runtime.updated.get(0).memorySwap()).isEqualTo(128 * MB);
        var h = kit.getState().info().hostConfig();
        assertThat(h.memory()).isEqualTo(100 * MB);
        assertThat(h.pidsLimit()).isEqualTo(50);
        assertThat(h.restartPolicy().name()).isEqualTo(RestartPolicy.Name.ALWAYS);

        // the next run starts with it
        kit.runCommand(new ContainerCommand.RuntimeExited(new ExitStatus(0, false, Instant.now())));
        KIT.createTestProbe().awaitAssert(() -> {
            assertThat(runtime.lastStarted.hostConfig().memory()).isEqualTo(100 * MB);
            return null;
        });
    }

    @Test
    void update_runtimeRefuses_nothingJournaled() {
        start();
        runtime.updateError = EngineException.invalid("Cannot update container c1: device or resource busy");
        var reply = ask(r -> new ContainerCommand.Update(new HostConfigUpdate(null, null, null, null, 1L, null), r));
        assertThat(((Reply.Err<Done>) reply).message()).contains("device or resource busy");
        assertThat(kit.getState().info().hostConfig().pidsLimit()).isZero();
    }

    @Test
    void update_stopped_journaledWithoutTheRuntime() {
        var reply = ask(r -> new ContainerCommand.Update(new HostConfigUpdate(80 * MB, null, null, null, null, null), r));
        assertThat(reply).isEqualTo(Reply.ok(Done.DONE));
        assertThat(runtime.updated).isEmpty();
        assertThat(kit.getState().info().hostConfig().memory()).isEqualTo(80 * MB);
    }

    @Test
    void update_againstDockersRules_refusedBeforeTheRuntime() {
        start();
        var reply = ask(r -> new ContainerCommand.Update(new HostConfigUpdate(512 * MB, null, null, null, null, null), r));
        assertThat(((Reply.Err<Done>) reply).message())
                .isEqualTo("Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time");
        assertThat(runtime.updated).isEmpty();
    }

    /** A runtime whose freezer and limits are recorded. */
    static final class FreezingRuntime implements ContainerRuntime {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<HostConfig> updated = new CopyOnWriteArrayList<>();
        volatile ContainerInfo lastStarted;
        volatile boolean frozen;
        volatile EngineException pauseError;
        volatile EngineException updateError;
        volatile RuntimeStatus restoreAnswer = new RuntimeStatus.Missing();

        @Override
        public RunResult start(ContainerInfo info) {
            lastStarted = info;
            return new RunResult(4242, Instant.now());
        }

        @Override
        public void kill(String id, int signal) {
            calls.add("kill " + signal);
        }

        @Override
        public void cleanup(String id) {}

        @Override
        public void remove(String id) {}

        @Override
        public RuntimeStatus restore(String id) {
            return restoreAnswer;
        }

        @Override
        public void setExitListener(ExitListener listener) {}

        @Override
        public void pause(String id) {
            if (pauseError != null) {
                throw pauseError;
            }
            calls.add("pause");
            frozen = true;
        }

        @Override
        public void resume(String id) {
            calls.add("resume");
            frozen = false;
        }

        @Override
        public boolean paused(String id) {
            return frozen;
        }

        @Override
        public void update(String id, HostConfig hostConfig) {
            if (updateError != null) {
                throw updateError;
            }
            updated.add(hostConfig);
        }
    }
}
