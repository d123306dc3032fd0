package dev.berth.actors.container;

import dev.berth.actors.support.Done;
import dev.berth.actors.support.Reply;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.HostConfigUpdate;
import dev.berth.persistence.container.NetworkRequest;
import dev.berth.spi.Caller;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.ExitStatus;
import dev.berth.spi.runtime.RunResult;
import dev.berth.spi.runtime.RuntimeStatus;
import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;

/** What a container entity is asked to do, and what its own async work tells it. */
public sealed interface ContainerCommand {

    /** A command answered with done-or-error: one way to refuse all of them. */
    interface AnsweredWithDone {
        ActorRef<Reply<Done>> replyTo();
    }

    /** {@code command}, asked for by {@code caller} (issue 15): the registry wraps what a request sent. */
    record Called(Caller caller, ContainerCommand command) implements ContainerCommand {}

    record Create(ContainerEvent.Created created, ActorRef<Reply<Done>> replyTo) implements ContainerCommand, AnsweredWithDone {}

    record Start(ActorRef<Reply<Done>> replyTo) implements ContainerCommand, AnsweredWithDone {}

    /** @param timeoutSeconds negative = wait forever */
    record Stop(int signal, int timeoutSeconds, ActorRef<Reply<Done>> replyTo) implements ContainerCommand, AnsweredWithDone {}

    record Kill(int signal, ActorRef<Reply<Done>> replyTo) implements ContainerCommand, AnsweredWithDone {}

    /** @param volumes also remove the container's anonymous volumes ({@code rm -v}) */
    record Remove(boolean force, boolean volumes, ActorRef<Reply<Done>> replyTo) implements ContainerCommand, AnsweredWithDone {
        public Remove(boolean force, ActorRef<Reply<Done>> replyTo) {
            this(force, false, replyTo);
        }
    }

    record Rename(String newName, ActorRef<Reply<Done>> replyTo) implements ContainerCommand, AnsweredWithDone {}

    /** docker cp read from ({@code extracted} false) or wrote into the container: journaled for {@code /events}. */
    record RecordCopy(boolean extracted, ActorRef<Reply<Done>> replyTo) implements ContainerCommand, AnsweredWithDone {}

    /** The reply is the exit code, once the condition holds. */
    record Wait(WaitCondition condition, ActorRef<Reply<Integer>> replyTo) implements ContainerCommand {}

    record ConnectNetwork(NetworkRequest network, ActorRef<Reply<Done>> replyTo) implements ContainerCommand, AnsweredWithDone {}

    record DisconnectNetwork(String networkId, ActorRef<Reply<Done>> replyTo) implements ContainerCommand, AnsweredWithDone {}

    /** {@code docker pause}: CONFLICT unless running and not paused. */
    record Pause(ActorRef<Reply<Done>> replyTo) implements ContainerCommand, AnsweredWithDone {}

    /** {@code docker unpause}: CONFLICT unless paused. */
    record Unpause(ActorRef<Reply<Done>> replyTo) implements ContainerCommand, AnsweredWithDone {}

    /** {@code docker update}: applied to a running container's cgroup first, then journaled. */
    record Update(HostConfigUpdate update, ActorRef<Reply<Done>> replyTo) implements ContainerCommand, AnsweredWithDone {}

    /**
     * Journals an exec's fact ({@code docker exec} instances live in memory; their events do not), or a
     * health probe's status transition. An {@link ContainerEvent.ExecCreated} or
     * {@link ContainerEvent.HealthChanged} is refused unless the container runs; the others are
     * journaled also after the container stopped (the exec died with it).
     */
    record RecordExec(ContainerEvent event, ActorRef<Reply<Done>> replyTo) implements ContainerCommand, AnsweredWithDone {
        public RecordExec {
            if (!(event instanceof ContainerEvent.ExecCreated || event instanceof ContainerEvent.ExecStarted
                    || event instanceof ContainerEvent.ExecDied || event instanceof ContainerEvent.HealthChanged)) {
                throw new IllegalArgumentException("not an exec event: " + event);
            }
        }
    }

    /**
     * Answers once the entity has recovered and, if it was mid-run, heard from the runtime whether
     * its process is still there (used at start-up, so that reads are the truth).
     */
    record AwaitRecovered(ActorRef<Reply<Done>> replyTo) implements ContainerCommand, AnsweredWithDone {}

    /**
     * At daemon start, after recovery: start the container if its restart policy says so, as dockerd's
     * restore does (answered once started, or at once when it stays down).
     */
    record RestartAtDaemonStart(ActorRef<Reply<Done>> replyTo) implements ContainerCommand, AnsweredWithDone {}

    // --- outcomes of the entity's own async work (never sent from outside) ---

    /**
     * From a removed entity to the registry (never forwarded): forget me. The registry answers with
     * {@link StopEntity} behind every command it already routed to that entity, so none is lost.
     */
    record Passivate(ActorRef<ContainerCommand> entity) implements ContainerCommand {}

    /** From the registry to a removed entity that asked to passivate: stop now. */
    record StopEntity() implements ContainerCommand {}

    record RuntimeStarted(RunResult result) implements ContainerCommand {}

    record RuntimeStartFailed(EngineException error) implements ContainerCommand {}

    record RuntimeExited(ExitStatus status) implements ContainerCommand {}

    record Restored(RuntimeStatus status) implements ContainerCommand {}

    record StopTimedOut(long runStartedAtNanos) implements ContainerCommand {}

    /** The restart policy's delay after an exit has passed: start again. */
    record RestartDue() implements ContainerCommand {}

    /** The run that ended at {@code runEndedAt} is to be restarted after {@code delayMillis}: journal it. */
    record ScheduleRestart(Instant runEndedAt, long delayMillis) implements ContainerCommand {}

    /** The runtime froze ({@code paused}) or thawed the container; {@code replyToOrNull} asked for it. */
    record PauseApplied(boolean paused, EngineException errorOrNull, ActorRef<Reply<Done>> replyToOrNull,
                        Caller callerOrNull) implements ContainerCommand {}

    /** After recovery: whether the runtime has the container frozen (it may have changed while the daemon was down). */
    record PauseObserved(boolean paused) implements ContainerCommand {}

    /** The runtime took (or refused) the new limits of an {@link Update}. */
    record UpdateApplied(HostConfigUpdate update, EngineException errorOrNull, ActorRef<Reply<Done>> replyTo,
                         Caller callerOrNull) implements ContainerCommand {}

    record SignalDelivered(EngineException errorOrNull, ActorRef<Reply<Done>> replyToOrNull) implements ContainerCommand {}
}
