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
import dev.berth.persistence.container.RestartPolicy;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.runtime.ExitListener;
import dev.berth.spi.runtime.ExitStatus;
import dev.berth.spi.runtime.RunResult;
import dev.berth.spi.runtime.RuntimeStatus;
import dev.berth.spi.runtime.StartFailedException;
import dev.berth.spi.runtime.StartFailure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ForkJoinPool;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The container lifecycle as the entity journals it. The runtime here is a recording stand-in: the
 * real runc driver is exercised by its own contract test and by the daemon's integration tests.
 */
class ContainerEntityTest {
    private static final ActorTestKit KIT = ActorTestKit.create(
            EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

    private final RecordingRuntime runtime = new RecordingRuntime();
    private final ContainerView view = new ContainerView();
    private TestProbe<NamesCommand> names;
    private EventSourcedBehaviorTestKit<ContainerCommand, ContainerEvent, ContainerState> kit;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        names = KIT.createTestProbe(NamesCommand.class);
        var deps = new ContainerEntity.Deps(runtime, ForkJoinPool.commonPool(), view, new LiveEvents(), names.ref());
        kit = EventSourcedBehaviorTestKit.create(KIT.system(), ContainerEntity.create("c1", deps),
                new EventSourcedBehaviorTestKit.SerializationSettings(true, false, false, true, true));
    }

    private static ContainerEvent.Created created(boolean autoRemove) {
        return created(autoRemove, RestartPolicy.NO);
    }

    private static ContainerEvent.Created created(boolean autoRemove, RestartPolicy restartPolicy) {
        var config = new ContainerConfig("busybox", "", "", "", List.of(), List.of("sleep", "5"), List.of(), "/",
                Map.of(), List.of(), List.of(), false, false, null, null);
        var host = HostConfig.builder().networkMode("none").autoRemove(autoRemove).restartPolicy(restartPolicy)
                .build();
        return new ContainerEvent.Created(Instant.parse("2026-11-27T19:00:00Z"), "c1", "web", "sha256:" + "a".repeat(64),
                List.of("sha256:" + "b".repeat(64)), config, host, List.of());
    }

    private void createAndStart() {
        kit.<Reply<Done>>runCommand(r -> new ContainerCommand.Create(created(false), r));
        var probe = KIT.<Reply<Done>>createTestProbe();
        kit.runCommand(new ContainerCommand.Start(probe.ref()));
        assertThat(probe.receiveMessage()).isEqualTo(Reply.ok(Done.DONE));
    }

    @Test
    void start_created_journalsIntentThenOutcome() {
        createAndStart();
        assertThat(kit.getState()).isInstanceOf(ContainerState.Running.class);
        assertThat(((ContainerState.Running) kit.getState()).pid()).isEqualTo(4242);
        assertThat(view.resolve("web").status()).isEqualTo("running");
        assertThat(runtime.started).containsExactly("c1");
    }

    @Test
    void start_runtimeRefuses_stoppedWithDockerExitCode() {
        var state = startFailing(StartFailedException.commandNotFound("exec: \"nope\": executable file not found in $PATH"));
        assertThat(state).isInstanceOf(ContainerState.Stopped.class);
        assertThat(state.info().exitCode()).isEqualTo(127);
        assertThat(state.info().error()).contains("executable file not found");
    }

    @Test
    void start_notExecutable_exit126() {
        assertThat(startFailing(StartFailedException.notExecutable("exec: \"/etc\": permission denied"))
                .info().exitCode()).isEqualTo(126);
    }

    @Test
    void start_failureKindDecidesNotTheMessage_exit128() {
        // words that once meant 127 to a substring match, but the driver said OTHER
        var state = startFailing(new StartFailedException(ErrorKind.UNAVAILABLE, StartFailure.OTHER,
                "mount /data: no such file or directory; permission denied", null));
        assertThat(state.info().exitCode()).isEqualTo(128);
    }

    @Test
    void start_untypedFailure_exit128() {
        assertThat(startFailing(EngineException.invalid("executable file not found")).info().exitCode()).isEqualTo(128);
    }

    private ContainerState startFailing(EngineException error) {
        runtime.startError = error;
        kit.<Reply<Done>>runCommand(r -> new ContainerCommand.Create(created(false), r));
        var probe = KIT.<Reply<Done>>createTestProbe();
        kit.runCommand(new ContainerCommand.Start(probe.ref()));
        assertThat(probe.receiveMessage()).isInstanceOf(Reply.Err.class);
        return kit.getState();
    }


    @Test
    void restartPolicyOnFailure_failingRun_startedAgainUpToTheLimit() {
        kit.<Reply<Done>>runCommand(r -> new ContainerCommand.Create(created(false, RestartPolicy.of("on-failure", 2)), r));
        var probe = KIT.<Reply<Done>>createTestProbe();
        kit.runCommand(new ContainerCommand.Start(probe.ref()));
        probe.receiveMessage();
        for (int run = 1; run <= 3; run++) {
            int before = runtime.started.size();
            kit.runCommand(new ContainerCommand.RuntimeExited(new ExitStatus(1, false, Instant.now())));
            if (run <= 2) {
                KIT.createTestProbe().awaitAssert(java.time.Duration.ofSeconds(5), () -> {
                    assertThat(runtime.started).hasSize(before + 1);
                    assertThat(kit.getState()).isInstanceOf(ContainerState.Running.class);
                    return null;
                });
            }
        }
        // The third failure exceeds on-failure:2: it stays exited.
        KIT.createTestProbe().expectNoMessage(java.time.Duration.ofMillis(600));
        assertThat(kit.getState()).isInstanceOf(ContainerState.Stopped.class);
        assertThat(runtime.started).hasSize(3);
    }

    @Test
    void restartPolicyAlways_stoppedByUser_notStartedAgain() {
        kit.<Reply<Done>>runCommand(r -> new ContainerCommand.Create(created(false, RestartPolicy.of("always", 0)), r));
        var probe = KIT.<Reply<Done>>createTestProbe();
        kit.runCommand(new ContainerCommand.Start(probe.ref()));
        probe.receiveMessage();
        kit.runCommand(new ContainerCommand.Stop(15, 10, probe.ref()));
        kit.runCommand(new ContainerCommand.RuntimeExited(new ExitStatus(143, false, Instant.now())));
        KIT.createTestProbe().expectNoMessage(java.time.Duration.ofMillis(600));
        assertThat(kit.getState()).isInstanceOf(ContainerState.Stopped.class);
        assertThat(runtime.started).hasSize(1);
    }

    private void createAndStart(RestartPolicy policy) {
        kit.<Reply<Done>>runCommand(r -> new ContainerCommand.Create(created(false, policy), r));
        var probe = KIT.<Reply<Done>>createTestProbe();
        kit.runCommand(new ContainerCommand.Start(probe.ref()));
        assertThat(probe.receiveMessage()).isEqualTo(Reply.ok(Done.DONE));
    }

    private void exitAndAwaitRestart(int code) {
        int before = runtime.started.size();
        kit.runCommand(new ContainerCommand.RuntimeExited(new ExitStatus(code, false, Instant.now())));
        KIT.createTestProbe().awaitAssert(java.time.Duration.ofSeconds(5), () -> {
            assertThat(runtime.started).hasSize(before + 1);
            assertThat(kit.getState()).isInstanceOf(ContainerState.Running.class);
            return null;
        });
    }

    @Test
    void restartPolicy_eachRestartCounted_inTheJournal_andAStartByTheUserResetsIt() {
        createAndStart(RestartPolicy.of("always", 0));
        exitAndAwaitRestart(0);
        exitAndAwaitRestart(1);
        assertThat(kit.getState().info().restartCount()).isEqualTo(2);
        assertThat(view.resolve("web").info().restartCount()).isEqualTo(2);
        assertThat(kit.restart().state().info().restartCount()).as("recovered from the journal").isEqualTo(2);
        var probe = KIT.<Reply<Done>>createTestProbe();
        kit.runCommand(new ContainerCommand.Stop(15, 10, probe.ref()));
        kit.runCommand(new ContainerCommand.RuntimeExited(new ExitStatus(143, false, Instant.now())));
        probe.receiveMessage();
        kit.runCommand(new ContainerCommand.Start(probe.ref()));
        assertThat(probe.receiveMessage()).isEqualTo(Reply.ok(Done.DONE));
        assertThat(kit.getState().info().restartCount()).isZero();
    }

    @Test
    void restartPolicyAlways_killedByUser_notStartedAgain() {
        createAndStart(RestartPolicy.of("always", 0));
        var probe = KIT.<Reply<Done>>createTestProbe();
        kit.runCommand(new ContainerCommand.Kill(9, probe.ref()));
        kit.runCommand(new ContainerCommand.RuntimeExited(new ExitStatus(137, false, Instant.now())));
        KIT.createTestProbe().expectNoMessage(java.time.Duration.ofMillis(600));
        assertThat(kit.getState()).isEqualTo(new ContainerState.Stopped(kit.getState().info(), true, false));
        assertThat(runtime.started).hasSize(1);
    }

    @Test
    void restartPolicy_stopDuringTheBackOff_cancelsTheRestart() {
        createAndStart(RestartPolicy.of("always", 0));
        for (int i = 0; i < 4; i++) {
            exitAndAwaitRestart(1); // back-off now 100, 200, 400, 800 ms
        }
        kit.runCommand(new ContainerCommand.RuntimeExited(new ExitStatus(1, false, Instant.now())));
        KIT.createTestProbe().awaitAssert(java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(10), () -> {
            assertThat(kit.getState().status()).isEqualTo("restarting");
            return null;
        });
        assertThat(kit.getState().info().restartCount()).isEqualTo(5);
        var probe = KIT.<Reply<Done>>createTestProbe();
        kit.runCommand(new ContainerCommand.Start(probe.ref()));
        assertThat(probe.receiveMessage()).isEqualTo(Reply.error(ErrorKind.NOT_MODIFIED, "container is already running"));
        kit.runCommand(new ContainerCommand.Remove(false, probe.ref()));
        assertThat(((Reply.Err<Done>) probe.receiveMessage()).message()).contains("container is restarting");
        kit.runCommand(new ContainerCommand.Stop(15, 10, probe.ref()));
        assertThat(probe.receiveMessage()).isEqualTo(Reply.ok(Done.DONE));
        KIT.createTestProbe().expectNoMessage(java.time.Duration.ofMillis(1500));
        assertThat(kit.getState().status()).isEqualTo("exited");
        assertThat(runtime.started).hasSize(5);
    }

    @Test
    void restartAtDaemonStart_asDockerdsRestore() {
        // always: started again even though the user stopped it
        assertThat(restartedAtDaemonStart(RestartPolicy.of("always", 0), true, 143)).isTrue();
        assertThat(restartedAtDaemonStart(RestartPolicy.of("unless-stopped", 0), true, 143)).isFalse();
        assertThat(restartedAtDaemonStart(RestartPolicy.of("unless-stopped", 0), false, 255)).isTrue();
        assertThat(restartedAtDaemonStart(RestartPolicy.of("on-failure", 0), false, 0)).isFalse();
        assertThat(restartedAtDaemonStart(RestartPolicy.of("on-failure", 0), false, 255)).isTrue();
    }

    private boolean restartedAtDaemonStart(RestartPolicy policy, boolean stopByUser, int code) {
        setUp();
        runtime.started.clear();
        runtime.restoreAnswer = new RuntimeStatus.Missing();
        createAndStart(policy);
        var probe = KIT.<Reply<Done>>createTestProbe();
        if (stopByUser) {
            kit.runCommand(new ContainerCommand.Stop(15, 10, probe.ref()));
            kit.runCommand(new ContainerCommand.RuntimeExited(new ExitStatus(code, false, Instant.now())));
            probe.receiveMessage();
        } else {
            // a reboot: the daemon comes back and the run is gone, with this exit code
            runtime.restoreAnswer = new RuntimeStatus.Exited(new ExitStatus(code, false, Instant.now()));
            kit.restart();
        }
        KIT.createTestProbe().awaitAssert(() -> {
            assertThat(kit.getState()).isInstanceOf(ContainerState.Stopped.class);
            return null;
        });
        KIT.createTestProbe().expectNoMessage(java.time.Duration.ofMillis(300));
        assertThat(runtime.started).as("no back-off restart for a run found ended at daemon start").hasSize(1);
        kit.restart();
        kit.runCommand(new ContainerCommand.RestartAtDaemonStart(probe.ref()));
        assertThat(probe.receiveMessage()).isEqualTo(Reply.ok(Done.DONE));
        if (runtime.started.size() > 1) {
            assertThat(kit.getState().info().restartCount()).as("a start at daemon start resets it").isZero();
            return true;
        }
        return false;
    }

    @Test
    void exit_whileRunning_journalsExitAndWakesWaiters() {
        createAndStart();
        var waiter = KIT.<Reply<Integer>>createTestProbe();
        kit.runCommand(new ContainerCommand.Wait(WaitCondition.NEXT_EXIT, waiter.ref()));
        kit.runCommand(new ContainerCommand.RuntimeExited(new ExitStatus(3, false, Instant.now())));
        assertThat(waiter.receiveMessage()).isEqualTo(Reply.ok(3));
        assertThat(kit.getState().info().exitCode()).isEqualTo(3);
        assertThat(kit.getState().status()).isEqualTo("exited");
    }

    @Test
    void wait_notRunningOnCreated_answersAtOnce() {
        kit.<Reply<Done>>runCommand(r -> new ContainerCommand.Create(created(false), r));
        var waiter = KIT.<Reply<Integer>>createTestProbe();
        kit.runCommand(new ContainerCommand.Wait(WaitCondition.NOT_RUNNING, waiter.ref()));
        assertThat(waiter.receiveMessage()).isEqualTo(Reply.ok(0));
    }

    @Test
    void stopAndWait_answeredOnlyOnceTheRunIsCleanedUp() throws Exception {
        createAndStart();
        runtime.cleanupGate = new CountDownLatch(1);
        var stopper = KIT.<Reply<Done>>createTestProbe();
        var waiter = KIT.<Reply<Integer>>createTestProbe();
        kit.runCommand(new ContainerCommand.Wait(WaitCondition.NEXT_EXIT, waiter.ref()));
        kit.runCommand(new ContainerCommand.Stop(15, 10, stopper.ref()));
        kit.runCommand(new ContainerCommand.RuntimeExited(new ExitStatus(143, false, Instant.now())));
        // the exit is journaled, but its endpoints, ports and mounts are still being released: no answer yet
        assertThat(kit.getState()).isInstanceOf(ContainerState.Stopped.class);
        stopper.expectNoMessage(java.time.Duration.ofMillis(300));
        waiter.expectNoMessage(java.time.Duration.ZERO);
        assertThat(runtime.cleanedUp).isZero();
        runtime.cleanupGate.countDown();
        assertThat(stopper.receiveMessage()).isEqualTo(Reply.ok(Done.DONE));
        assertThat(waiter.receiveMessage()).isEqualTo(Reply.ok(143));
        assertThat(runtime.cleanedUp).isEqualTo(1);
    }

    @Test
    void wait_removedOnStopped_answersOnlyOnceRemoved() {
        createAndStart();
        kit.runCommand(new ContainerCommand.RuntimeExited(new ExitStatus(4, false, Instant.now())));
        var waiter = KIT.<Reply<Integer>>createTestProbe();
        kit.runCommand(new ContainerCommand.Wait(WaitCondition.REMOVED, waiter.ref()));
        waiter.expectNoMessage(java.time.Duration.ofMillis(200));
        kit.<Reply<Done>>runCommand(r -> new ContainerCommand.Remove(false, r));
        assertThat(waiter.receiveMessage()).isEqualTo(Reply.ok(4));
    }

    @Test
    void kill_notRunning_conflictAndNothingPersisted() {
        kit.<Reply<Done>>runCommand(r -> new ContainerCommand.Create(created(false), r));
        var result = kit.<Reply<Done>>runCommand(r -> new ContainerCommand.Kill(9, r));
        assertThat(result.events()).isEmpty();
        assertThat(result.reply()).isInstanceOf(Reply.Err.class);
        assertThat(((Reply.Err<Done>) result.reply()).kind()).isEqualTo(ErrorKind.CONFLICT);
    }

    @Test
    void kill_exitJournaledBeforeTheDeliveryReport_callerStillAnswered() {
        createAndStart();
        var caller = KIT.<Reply<Done>>createTestProbe();
        // The order a restart-policy container showed under load: SIGKILL sent, the exit is heard
        // and journaled, and only then does the driver report the signal delivered.
        kit.runCommand(new ContainerCommand.RuntimeExited(new ExitStatus(137, false, Instant.now())));
        kit.runCommand(new ContainerCommand.SignalDelivered(null, caller.ref()));
        assertThat(caller.receiveMessage()).isEqualTo(Reply.ok(Done.DONE));
    }

    @Test
    void recordExec_running_journalsTheFacts_stateUnchanged() {
        createAndStart();
        ContainerState before = kit.getState();
        var created = kit.<Reply<Done>>runCommand(r -> new ContainerCommand.RecordExec(
                new ContainerEvent.ExecCreated(Instant.now(), "e1", List.of("sh", "-c", "exit 3")), r));
        assertThat(created.reply()).isEqualTo(Reply.ok(Done.DONE));
        assertThat(created.events()).singleElement().isInstanceOf(ContainerEvent.ExecCreated.class);
        kit.<Reply<Done>>runCommand(r -> new ContainerCommand.RecordExec(
                new ContainerEvent.ExecDied(Instant.now(), "e1", 3), r));
        assertThat(kit.getState()).isEqualTo(before);
    }

    @Test
    void recordExec_createOnStopped_conflictWithDockersText_butADeathIsJournaled() {
        createAndStart();
        kit.runCommand(new ContainerCommand.RuntimeExited(new ExitStatus(137, false, Instant.now())));
        var refused = kit.<Reply<Done>>runCommand(r -> new ContainerCommand.RecordExec(
                new ContainerEvent.ExecCreated(Instant.now(), "e2", List.of("true")), r));
        assertThat(refused.events()).isEmpty();
        assertThat(refused.reply()).isEqualTo(Reply.error(ErrorKind.CONFLICT, "container c1 is not running"));
        // an exec killed with its container dies after the container's exit was journaled
        var died = kit.<Reply<Done>>runCommand(r -> new ContainerCommand.RecordExec(
                new ContainerEvent.ExecDied(Instant.now(), "e1", 137), r));
        assertThat(died.events()).singleElement().isInstanceOf(ContainerEvent.ExecDied.class);
    }

    @Test
    void remove_running_refusedWithoutForce() {
        createAndStart();
        var result = kit.<Reply<Done>>runCommand(r -> new ContainerCommand.Remove(false, r));
        assertThat(result.events()).isEmpty();
        assertThat(((Reply.Err<Done>) result.reply()).message()).contains("container is running");
    }

    @Test
    void remove_stopped_releasesNameAndLeavesView() {
        createAndStart();
        kit.runCommand(new ContainerCommand.RuntimeExited(new ExitStatus(0, false, Instant.now())));
        kit.<Reply<Done>>runCommand(r -> new ContainerCommand.Remove(false, r));
        assertThat(kit.getState()).isInstanceOf(ContainerState.Removed.class);
        var release = names.expectMessageClass(NamesCommand.Release.class);
        assertThat(release.name()).isEqualTo("web");
        assertThat(view.get("c1")).isEmpty();
    }

    @Test
    void exit_autoRemove_exitAndRemovalJournaledTogether_waitersAnsweredOnceRemoved() {
        kit.<Reply<Done>>runCommand(r -> new ContainerCommand.Create(created(true), r));
        kit.<Reply<Done>>runCommand(r -> new ContainerCommand.Start(r));
        var removal = KIT.<Reply<Integer>>createTestProbe();
        var exit = KIT.<Reply<Integer>>createTestProbe();
        kit.runCommand(new ContainerCommand.Wait(WaitCondition.REMOVED, removal.ref()));
        kit.runCommand(new ContainerCommand.Wait(WaitCondition.NEXT_EXIT, exit.ref()));

        var result = kit.runCommand(new ContainerCommand.RuntimeExited(new ExitStatus(5, false, Instant.now())));

        // one write for both (`docker run --rm` waits for it): the die before the destroy, as dockerd's events
        assertThat(result.events()).hasSize(2);
        assertThat(result.events().get(0)).isInstanceOf(ContainerEvent.Exited.class);
        assertThat(result.events().get(1)).isInstanceOf(ContainerEvent.Removed.class);
        assertThat(exit.receiveMessage()).isEqualTo(Reply.ok(5));
        assertThat(removal.receiveMessage()).isEqualTo(Reply.ok(5));
        assertThat(kit.getState()).isInstanceOf(ContainerState.Removed.class);
        assertThat(names.expectMessageClass(NamesCommand.Release.class).name()).isEqualTo("web");
        assertThat(view.get("c1")).isEmpty();
    }

    private void removeRunningAndExit(boolean volumes) {
        var removed = KIT.<Reply<Done>>createTestProbe();
        kit.runCommand(new ContainerCommand.Remove(true, volumes, removed.ref()));
        kit.runCommand(new ContainerCommand.RuntimeExited(new ExitStatus(137, false, Instant.now())));
        assertThat(removed.receiveMessage()).isEqualTo(Reply.ok(Done.DONE));
        assertThat(kit.getState()).isInstanceOf(ContainerState.Removed.class);
    }

    @Test
    void forcedRemoveOfARunningContainer_withoutV_keepsItsAnonymousVolumes() {
        createAndStart();
        removeRunningAndExit(false);
        assertThat(runtime.removedWithVolumes).containsExactly(false);
    }

    @Test
    void forcedRemoveOfARunningContainer_withV_removesItsAnonymousVolumes() {
        createAndStart();
        removeRunningAndExit(true);
        assertThat(runtime.removedWithVolumes).containsExactly(true);
    }

    @Test
    void autoRemove_removesTheAnonymousVolumes() {
        kit.<Reply<Done>>runCommand(r -> new ContainerCommand.Create(created(true), r));
        kit.<Reply<Done>>runCommand(r -> new ContainerCommand.Start(r));
        kit.runCommand(new ContainerCommand.RuntimeExited(new ExitStatus(0, false, Instant.now())));
        assertThat(kit.getState()).isInstanceOf(ContainerState.Removed.class);
        // the files go after the journal write, on the blocking pool: nobody here waits for the removal's answer
        KIT.createTestProbe().awaitAssert(java.time.Duration.ofSeconds(5), () -> {
            assertThat(runtime.removedWithVolumes).containsExactly(true);
            return null;
        });
    }

    @Test
    void restart_whileRunningAndProcessGone_reconcilesToExited() {
        createAndStart();
        runtime.restoreAnswer = new RuntimeStatus.Exited(new ExitStatus(137, false, Instant.now()));
        kit.restart();
        // Recovery asks the runtime; the entity journals what really happened meanwhile.
        KIT.createTestProbe().awaitAssert(() -> {
            assertThat(view.resolve("web").status()).isEqualTo("exited");
            return null;
        });
        var state = kit.getState();
        assertThat(state.info().exitCode()).isEqualTo(137);
    }

    @Test
    void awaitRecovered_afterRestart_answersOnlyOnceTheRuntimeWasAsked() {
        createAndStart();
        runtime.restoreAnswer = new RuntimeStatus.Exited(new ExitStatus(7, false, Instant.now()));
        kit.restart();
        var probe = KIT.<Reply<Done>>createTestProbe();
        kit.runCommand(new ContainerCommand.AwaitRecovered(probe.ref()));
        assertThat(probe.receiveMessage()).isEqualTo(Reply.ok(Done.DONE));
        // By the time it answers, the exit that happened while the daemon was away is journaled.
        assertThat(view.resolve("web").status()).isEqualTo("exited");
        assertThat(view.resolve("web").info().exitCode()).isEqualTo(7);
    }

    @Test
    void restart_whileRunningAndProcessAlive_staysRunning() {
        createAndStart();
        runtime.restoreAnswer = new RuntimeStatus.Running(4242);
        var restarted = kit.restart();
        assertThat(restarted.state()).isInstanceOf(ContainerState.Running.class);
        assertThat(kit.getState()).isInstanceOf(ContainerState.Running.class);
    }

    /** Records calls; answers as told. */
    static final class RecordingRuntime implements ContainerRuntime {
        final List<String> started = new CopyOnWriteArrayList<>();
        volatile ContainerInfo lastStarted;
        volatile EngineException startError;
        volatile RuntimeStatus restoreAnswer = new RuntimeStatus.Missing();
        /** Each removal's removeAnonymousVolumes. */
        final List<Boolean> removedWithVolumes = new CopyOnWriteArrayList<>();

        @Override
        public RunResult start(ContainerInfo info) {
            if (startError != null) {
                throw startError;
            }
            started.add(info.id());
            lastStarted = info;
            return new RunResult(4242, Instant.now());
        }

        @Override
        public void kill(String id, int signal) {}

        /** When set, a clean-up waits for it to open (the release of a run's network and mounts, slowed). */
        volatile CountDownLatch cleanupGate;
        volatile int cleanedUp;

        @Override
        public void cleanup(String id) {
            CountDownLatch gate = cleanupGate;
            try {
                if (gate != null && !gate.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the clean-up");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cleanedUp++;
        }

        @Override
        public void remove(String id) {}

        @Override
        public void remove(String id, boolean removeAnonymousVolumes) {
            removedWithVolumes.add(removeAnonymousVolumes);
        }

        @Override
        public RuntimeStatus restore(String id) {
            return restoreAnswer;
        }

        @Override
        public void setExitListener(ExitListener listener) {}
    }
}
