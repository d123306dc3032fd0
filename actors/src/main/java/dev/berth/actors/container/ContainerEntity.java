package dev.berth.actors.container;

import dev.berth.actors.container.ContainerCommand.*;
import dev.berth.actors.names.NamesCommand;
import dev.berth.actors.support.CommandTable;
import dev.berth.actors.support.Done;
import dev.berth.actors.support.Journaling;
import dev.berth.actors.support.LiveEvents;
import dev.berth.actors.support.Reply;
import dev.berth.actors.support.Signals;
import dev.berth.persistence.CalledBy;
import dev.berth.persistence.Tags;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.HostConfigUpdate;
import dev.berth.spi.Caller;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.runtime.ExitStatus;
import dev.berth.spi.runtime.RuntimeStatus;
import dev.berth.spi.runtime.StartFailedException;
import dev.berth.spi.runtime.StartFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One container. Intent is journaled before the runtime acts and the outcome after; runtime calls
 * run on the blocking dispatcher and come back as messages, so the entity never blocks. Commands that
 * arrive while a start is under way are stashed.
 */
public final class ContainerEntity
        extends EventSourcedBehaviorWithEnforcedReplies<ContainerCommand, ContainerEvent, ContainerState> {

    /** Everything an entity needs from the rest of the engine. */
    public record Deps(ContainerRuntime runtime, Executor blocking, ContainerView view, LiveEvents live,
                       ActorRef<NamesCommand> names) {}

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ContainerEntity.class);

    private final String id;
    private final Deps deps;
    private final ActorContext<ContainerCommand> ctx;
    private final TimerScheduler<ContainerCommand> timers;
    private final Journaling<ContainerEvent, ContainerState> journal;
    // Waiters live in memory: a waiting client's connection does not survive a daemon restart either.
    private final List<ActorRef<Reply<Done>>> startReplies = new ArrayList<>();
    private final List<ActorRef<Reply<Done>>> stopReplies = new ArrayList<>();
    private final List<ActorRef<Reply<Integer>>> exitWaiters = new ArrayList<>();
    private final List<ActorRef<Reply<Integer>>> removalWaiters = new ArrayList<>();
    private final List<ActorRef<Reply<Done>>> removeAfterExit = new ArrayList<>();
    private boolean removeVolumesAfterExit;
    // Runtime clean-up after a run (runc delete, rootfs unmount) and removal run in the background, but
    // in order: a start or a removal that follows waits for it, or it would unmount the new run's rootfs.
    private CompletableFuture<Void> cleanup = CompletableFuture.completedFuture(null);
    // Between recovery and the runtime's answer about a run the journal says is live.
    private boolean reconciling;
    // dockerd's restart manager, in memory as there: the back-off (reset by a start by the user or a
    // daemon restart), and whether a stop or kill during this run cancelled its restart. The restart
    // count and "stopped by the user" are journaled (RestartScheduled, ContainerState.Stopped).
    private long restartDelay = 50;
    private boolean restartCanceled;
    // who asked for the start under way (null: the restart policy or the daemon), for its Started event
    private Caller startCaller;
    /** Told when this container is removed and cleaned up, so that the entity can stop; null: never. */
    private final ActorRef<ContainerRegistry.Envelope> registry;

    private ContainerEntity(String id, Deps deps, ActorContext<ContainerCommand> ctx,
                            TimerScheduler<ContainerCommand> timers, ActorRef<ContainerRegistry.Envelope> registry) {
        super(persistenceId(id));
        this.id = id;
        this.deps = deps;
        this.ctx = ctx;
        this.timers = timers;
        this.registry = registry;
        this.journal = new Journaling<>(persistenceId().id(), s -> deps.view().update(id, s), deps.live(),
                () -> lastSequenceNumber(ctx));
    }

    public static PersistenceId persistenceId(String id) {
        return PersistenceId.of("container", id, "|");
    }

    public static Behavior<ContainerCommand> create(String id, Deps deps) {
        return create(id, deps, null);
    }

    /** As {@link #create(String, Deps)}, passivated through {@code registry} once removed. */
    static Behavior<ContainerCommand> create(String id, Deps deps, ActorRef<ContainerRegistry.Envelope> registry) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ContainerEntity(id, deps, ctx, timers, registry)));
    }

    @Override
    public ContainerState emptyState() {
        return ContainerState.empty();
    }

    @Override
    public Set<String> tagsFor(ContainerEvent event) {
        return Tags.of(Tags.CONTAINER);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(100, 2);
    }

    @Override
    public EventHandler<ContainerState, ContainerEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(ContainerState::apply);
    }

    @Override
    public SignalHandler<ContainerState> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::recovered).build();
    }

    /** A container found mid-run or mid-start after a restart asks the runtime what really happened. */
    private void recovered(ContainerState state) {
        if (state instanceof ContainerState.Running || state instanceof ContainerState.Starting) {
            reconciling = true;
            async(() -> deps.runtime().restore(id), Restored::new, e -> new Restored(new RuntimeStatus.Missing()));
        }
    }

    /** The commands, each handled on behalf of whoever asked (a {@link Called} wrapper, from the registry). */
    @Override
    public CommandHandlerWithReply<ContainerCommand, ContainerEvent, ContainerState> commandHandler() {
        return (state, cmd) -> cmd instanceof Called c
                ? journal.as(c.caller(), () -> COMMANDS.apply(this, state, c.command()))
                : COMMANDS.apply(this, state, cmd);
    }

    // Built once for every entity (CommandTable says why): the handlers take the entity.
    private static final CommandTable<ContainerEntity, ContainerCommand, ContainerEvent, ContainerState> COMMANDS = commands();

    private static CommandTable<ContainerEntity, ContainerCommand, ContainerEvent, ContainerState> commands() {
        CommandTable.Builder<ContainerEntity, ContainerCommand, ContainerEvent, ContainerState> b = CommandTable.builder();
        b.forStateType(ContainerState.None.class)
                .onCommand(AwaitRecovered.class, (e, s, c) -> e.Effect().reply(c.replyTo(), Reply.ok(Done.DONE)))
                .onCommand(Create.class, (e, s, c) -> e.persist(s, c.created()).thenReply(c.replyTo(), x -> Reply.ok(Done.DONE)))
                .onAnyCommand((e, s, c) -> e.refuse(c, e.notFound()));
        b.forStateType(ContainerState.Removed.class)
                .onCommand(AwaitRecovered.class, (e, s, c) -> e.Effect().reply(c.replyTo(), Reply.ok(Done.DONE)))
                .onCommand(StopEntity.class, (e, s, c) -> e.Effect().stop().thenNoReply())
                .onAnyCommand((e, s, c) -> e.refuse(c, e.notFound()));
        b.forStateType(ContainerState.Starting.class)
                .onCommand(RuntimeStarted.class, ContainerEntity::started)
                .onCommand(RuntimeStartFailed.class, ContainerEntity::startFailed)
                .onCommand(Restored.class, ContainerEntity::restoredWhileStarting)
                .onCommand(Wait.class, ContainerEntity::waitWhileActive)
                .onAnyCommand((e, s, c) -> e.Effect().stash());
        b.forStateType(ContainerState.Running.class)
                // woken after the API serves (StartupAdoption): a request waits until the runtime has answered
                .onCommand((e, c) -> e.reconciling && !(c instanceof Restored || c instanceof PauseObserved
                        || c instanceof RuntimeExited || c instanceof AwaitRecovered), (e, s, c) -> e.Effect().stash())
                .onCommand(Start.class, (e, s, c) -> e.Effect().reply(c.replyTo(), Reply.error(ErrorKind.NOT_MODIFIED, "container already started")))
                .onCommand(Stop.class, ContainerEntity::stop)
                .onCommand(Kill.class, ContainerEntity::kill)
                .onCommand(SignalDelivered.class, ContainerEntity::signalDelivered)
                .onCommand(StopTimedOut.class, ContainerEntity::stopTimedOut)
                .onCommand(RuntimeExited.class, (e, s, c) -> e.exited(s, c.status(), false))
                .onCommand(Restored.class, ContainerEntity::restoredWhileRunning)
                .onCommand(RestartDue.class, (e, s, c) -> e.Effect().noReply()) // started by hand meanwhile
                .onCommand(RestartAtDaemonStart.class, (e, s, c) -> e.Effect().reply(c.replyTo(), Reply.ok(Done.DONE)))
                .onCommand(ScheduleRestart.class, (e, s, c) -> e.Effect().noReply()) // started by hand meanwhile
                .onCommand(AwaitRecovered.class, (e, s, c) -> e.reconciling ? e.Effect().stash()
                        : e.Effect().reply(c.replyTo(), Reply.ok(Done.DONE)))
                .onCommand(Remove.class, ContainerEntity::removeRunning)
                .onCommand(Pause.class, ContainerEntity::pause)
                .onCommand(Unpause.class, ContainerEntity::unpause)
                .onCommand(PauseApplied.class, ContainerEntity::pauseApplied)
                .onCommand(PauseObserved.class, ContainerEntity::pauseObserved)
                .onCommand(Update.class, ContainerEntity::updateRunning)
                .onCommand(UpdateApplied.class, ContainerEntity::updateApplied)
                .onCommand(Rename.class, ContainerEntity::rename)
                .onCommand(RecordCopy.class, ContainerEntity::recordCopy)
                .onCommand(ConnectNetwork.class, ContainerEntity::connect)
                .onCommand(DisconnectNetwork.class, ContainerEntity::disconnect)
                .onCommand(Wait.class, ContainerEntity::waitWhileActive)
                .onCommand(RecordExec.class, ContainerEntity::recordExec)
                .onCommand(Create.class, (e, s, c) -> e.Effect().reply(c.replyTo(), Reply.error(ErrorKind.CONFLICT, "container exists")));
        b.forStateType(ContainerState.Created.class)
                .onCommand(AwaitRecovered.class, (e, s, c) -> e.Effect().reply(c.replyTo(), Reply.ok(Done.DONE)))
                .onCommand(RestartAtDaemonStart.class, (e, s, c) -> e.Effect().reply(c.replyTo(), Reply.ok(Done.DONE)))
                .onCommand(Start.class, ContainerEntity::start)
                .onCommand(Update.class, ContainerEntity::updateStopped)
                .onCommand(Remove.class, ContainerEntity::remove)
                .onCommand(Rename.class, ContainerEntity::rename)
                .onCommand(RecordCopy.class, ContainerEntity::recordCopy)
                .onCommand(ConnectNetwork.class, ContainerEntity::connect)
                .onCommand(DisconnectNetwork.class, ContainerEntity::disconnect)
                .onCommand(Wait.class, ContainerEntity::waitWhileStopped)
                .onCommand(RecordExec.class, ContainerEntity::recordExec)
                .onAnyCommand(ContainerEntity::notRunning);
        b.forStateType(ContainerState.Stopped.class)
                .onCommand(AwaitRecovered.class, (e, s, c) -> e.Effect().reply(c.replyTo(), Reply.ok(Done.DONE)))
                .onCommand(RestartDue.class, ContainerEntity::restartDue)
                .onCommand(ScheduleRestart.class, ContainerEntity::scheduleRestart)
                .onCommand(RestartAtDaemonStart.class, ContainerEntity::restartAtDaemonStart)
                .onCommand(Start.class, ContainerEntity::startStopped)
                .onCommand(Stop.class, ContainerEntity::stopWhileStopped)
                .onCommand(Kill.class, ContainerEntity::killWhileStopped)
                .onCommand(Update.class, ContainerEntity::updateStopped)
                .onCommand(Remove.class, ContainerEntity::removeStopped)
                .onCommand(Rename.class, ContainerEntity::rename)
                .onCommand(RecordCopy.class, ContainerEntity::recordCopy)
                .onCommand(ConnectNetwork.class, ContainerEntity::connect)
                .onCommand(DisconnectNetwork.class, ContainerEntity::disconnect)
                .onCommand(Wait.class, ContainerEntity::waitWhileStopped)
                .onCommand(RecordExec.class, ContainerEntity::recordExec)
                .onAnyCommand(ContainerEntity::notRunning);
        return b.build();
    }

    // --- start ---

    /** A start by the user: dockerd's restart manager starts afresh (count and back-off reset). */
    private ReplyEffect<ContainerEvent, ContainerState> start(ContainerState state, Start cmd) {
        restartDelay = 50;
        return startRun(state, cmd);
    }

    private ReplyEffect<ContainerEvent, ContainerState> startRun(ContainerState state, Start cmd) {
        restartCanceled = false;
        // a start no request asked for is the restart policy's or the daemon start's own
        startCaller = journal.caller() == null ? CalledBy.ENGINE : journal.caller();
        startReplies.add(cmd.replyTo());
        return journal.as(startCaller, () -> persist(state, new ContainerEvent.StartRequested(Instant.now()))
                .thenRun(s -> asyncAs(startCaller, cleanup, () -> deps.runtime().start(s.info()), RuntimeStarted::new,
                        e -> new RuntimeStartFailed(asEngine(e))))
                .thenNoReply());
    }

    private ReplyEffect<ContainerEvent, ContainerState> started(ContainerState state, RuntimeStarted msg) {
        // the runtime's answer comes back as the entity's own message: the start is still the asker's
        return journal.as(startCaller, () -> persist(state,
                new ContainerEvent.Started(msg.result().startedAt(), msg.result().pid()))
                .thenRun(s -> reply(startReplies, Reply.ok(Done.DONE)))
                .thenNoReply()
                .thenUnstashAll());
    }

    private ReplyEffect<ContainerEvent, ContainerState> startFailed(ContainerState state, RuntimeStartFailed msg) {
        EngineException e = msg.error();
        int code = exitCodeFor(e instanceof StartFailedException f ? f.failure() : StartFailure.OTHER);
        return persist(state, new ContainerEvent.StartFailed(Instant.now(), e.getMessage(), code))
                .thenRun(s -> {
                    afterCleanup(() -> deps.runtime().cleanup(id));
                    reply(startReplies, Reply.error(e));
                    afterRun(s, code, false); // as dockerd: a start that failed is not restarted by the policy
                })
                .thenNoReply()
                .thenUnstashAll();
    }

    private ReplyEffect<ContainerEvent, ContainerState> restoredWhileStarting(ContainerState state, Restored msg) {
        reconciling = false;
        if (msg.status() instanceof RuntimeStatus.Running r) {
            return persist(state, new ContainerEvent.Started(Instant.now(), r.pid())).thenNoReply().thenUnstashAll();
        }
        if (msg.status() instanceof RuntimeStatus.Exited x) {
            return persist(state, new ContainerEvent.Exited(x.status().finishedAt(), x.status().exitCode(), x.status().oomKilled(), CalledBy.ENGINE))
                    .thenRun(s -> afterCleanup(() -> deps.runtime().cleanup(id)))
                    .thenNoReply().thenUnstashAll();
        }
        // the start may have mounted the rootfs, made the namespace or created the runc container
        return persist(state, new ContainerEvent.StartFailed(Instant.now(), "the daemon stopped while the container was starting", 128))
                .thenRun(s -> afterCleanup(() -> deps.runtime().cleanup(id)))
                .thenNoReply().thenUnstashAll();
    }

    /** Docker's exit codes for a start that failed, by the kind the runtime driver decided. */
    static int exitCodeFor(StartFailure failure) {
        return switch (failure) {
            case COMMAND_NOT_FOUND -> 127;
            case NOT_EXECUTABLE -> 126;
            case OTHER -> 128;
        };
    }

    // --- stop / kill ---

    private ReplyEffect<ContainerEvent, ContainerState> stop(ContainerState state, Stop cmd) {
        restartCanceled = true;
        stopReplies.add(cmd.replyTo());
        if (((ContainerState.Running) state).stopping()) {
            return Effect().noReply();
        }
        return persist(state, new ContainerEvent.StopRequested(Instant.now(), cmd.signal(), cmd.timeoutSeconds()))
                .thenRun(s -> {
                    signal(s, cmd.signal(), null);
                    if (cmd.timeoutSeconds() >= 0) {
                        timers.startSingleTimer(new StopTimedOut(0), Duration.ofSeconds(cmd.timeoutSeconds()));
                    }
                })
                .thenNoReply();
    }

    /**
     * dockerd cancels the restart on a kill with the container's stop signal or KILL, and on any signal
     * when the container has no stop signal of its own.
     */
    static boolean cancelsRestart(ContainerState state, int signal) {
        String own = state.info().config().stopSignal();
        return signal == 9 || own.isEmpty() || parsesTo(own, signal);
    }

    private static boolean parsesTo(String signal, int number) {
        try {
            return Signals.parse(signal) == number;
        } catch (EngineException e) {
            return false;
        }
    }

    private ReplyEffect<ContainerEvent, ContainerState> stopTimedOut(ContainerState state, StopTimedOut msg) {
        return persist(state, new ContainerEvent.SignalSent(Instant.now(), 9))
                .thenRun(s -> signal(s, 9, null))
                .thenNoReply();
    }

    private ReplyEffect<ContainerEvent, ContainerState> kill(ContainerState state, Kill cmd) {
        restartCanceled |= cancelsRestart(state, cmd.signal());
        return persist(state, new ContainerEvent.SignalSent(Instant.now(), cmd.signal()))
                .thenRun(s -> signal(s, cmd.signal(), cmd.replyTo()))
                .thenNoReply();
    }

    /**
     * Delivers a signal. A frozen container cannot act on it: as dockerd, the signal is sent and the
     * container thawed, so that it is handled (and journaled as unpaused).
     */
    private void signal(ContainerState state, int signal, ActorRef<Reply<Done>> replyTo) {
        boolean thaw = state instanceof ContainerState.Running r && r.paused();
        ActorRef<ContainerCommand> self = ctx.getSelf();
        async(() -> {
            deps.runtime().kill(id, signal);
            if (thaw) {
                deps.runtime().resume(id);
                self.tell(new PauseApplied(false, null, null, null));
            }
            return Done.DONE;
        }, d -> new SignalDelivered(null, replyTo), e -> new SignalDelivered(asEngine(e), replyTo));
    }

    private ReplyEffect<ContainerEvent, ContainerState> signalDelivered(ContainerState state, SignalDelivered msg) {
        if (msg.replyToOrNull() == null) {
            return Effect().noReply();
        }
        return Effect().reply(msg.replyToOrNull(),
                msg.errorOrNull() == null ? Reply.ok(Done.DONE) : Reply.error(msg.errorOrNull()));
    }

    // --- exit ---

    /**
     * @param recovered the exit was found at daemon start: no back-off then, the daemon start restarts
     *                  it (or not) as dockerd's restore does ({@link RestartAtDaemonStart})
     */
    private ReplyEffect<ContainerEvent, ContainerState> exited(ContainerState state, ExitStatus status, boolean recovered) {
        var exit = new ContainerEvent.Exited(status.finishedAt(), status.exitCode(), status.oomKilled(), CalledBy.ENGINE);
        if (removedAtExit(state)) {
            // --rm, or a forced removal waiting for this exit: the exit and the removal are one journal write
            // (one fsync, not two in a row on `docker run --rm`'s answer), as afterRun's Remove would journal them
            String name = state.info().name();
            var replies = new ArrayList<>(removeAfterExit);
            removeAfterExit.clear();
            // anonymous volumes go with --rm (as dockerd's auto-removal) or a `rm -f -v`; a `rm -f` alone keeps them
            boolean volumes = removeVolumesAfterExit || state.info().hostConfig().autoRemove();
            removeVolumesAfterExit = false;
            return journal.persistAll(Effect(), state, List.of(exit, new ContainerEvent.Removed(Instant.now())),
                            ContainerState::apply)
                    .thenRun(s -> {
                        timers.cancelAll();
                        afterCleanup(() -> deps.runtime().cleanup(id));
                        replyAfterCleanup(stopReplies, Reply.ok(Done.DONE));
                        replyAfterCleanup(exitWaiters, Reply.ok(status.exitCode()));
                        afterRemoved(s, name, replies, volumes);
                    })
                    .thenNoReply()
                    .thenUnstashAll();
        }
        return persist(state, exit)
                .thenRun(s -> {
                    timers.cancelAll();
                    afterCleanup(() -> deps.runtime().cleanup(id));
                    replyAfterCleanup(stopReplies, Reply.ok(Done.DONE));
                    afterRun(s, status.exitCode(), !recovered);
                })
                .thenNoReply()
                .thenUnstashAll();
    }

    private ReplyEffect<ContainerEvent, ContainerState> restoredWhileRunning(ContainerState state, Restored msg) {
        reconciling = false;
        if (msg.status() instanceof RuntimeStatus.Running) {
            // paused or thawed while the daemon was down (runc by hand): the journal follows the cgroup,
            // and recovery is over (AwaitRecovered answered) once it does
            reconciling = true;
            async(() -> deps.runtime().paused(id), PauseObserved::new, e -> new PauseObserved(isPaused(state)));
            return Effect().noReply();
        }
        ExitStatus status = msg.status() instanceof RuntimeStatus.Exited x
                ? x.status()
                : new ExitStatus(255, false, Instant.now());
        return exited(state, status, true);
    }

    /** After a run ended (or failed to start): wake waiters, then remove if asked, or restart by the policy. */
    private void afterRun(ContainerState state, int exitCode, boolean mayRestart) {
        replyAfterCleanup(exitWaiters, Reply.ok(exitCode));
        var info = state.info();
        if (removedAtExit(state)) {
            // forced; the anonymous volumes go as remove() decides (--rm, or a `rm -f -v` waiting for this exit)
            ctx.getSelf().tell(new Remove(true, false, ctx.getSystem().ignoreRef()));
        } else if (mayRestart && !restartCanceled && info.hostConfig().restartPolicy().restarts(exitCode,
                state instanceof ContainerState.Stopped s && s.stoppedByUser(), info.restartCount())) {
            // Docker's back-off: 100 ms, doubling up to a minute; a run of 10 s or more resets it.
            boolean ranLong = info.startedAt() != null && info.finishedAt() != null
                    && Duration.between(info.startedAt(), info.finishedAt()).getSeconds() >= 10;
            restartDelay = ranLong ? 100 : Math.min(restartDelay * 2, 60_000);
            // journaled by a message of its own, so that a start by the user that came first wins
            ctx.getSelf().tell(new ScheduleRestart(info.finishedAt(), restartDelay));
        }
    }

    /** Whether the run that ends is followed by the container's removal (afterRun's first case). */
    private boolean removedAtExit(ContainerState state) {
        return state.info().hostConfig().autoRemove() || !removeAfterExit.isEmpty();
    }

    private ReplyEffect<ContainerEvent, ContainerState> scheduleRestart(ContainerState state, ScheduleRestart msg) {
        var stopped = (ContainerState.Stopped) state;
        if (stopped.restarting() || !Objects.equals(state.info().finishedAt(), msg.runEndedAt())) {
            return Effect().noReply();
        }
        return persist(state, new ContainerEvent.RestartScheduled(Instant.now(), msg.delayMillis(), CalledBy.ENGINE))
                .thenRun(s -> timers.startSingleTimer(new RestartDue(), Duration.ofMillis(msg.delayMillis())))
                .thenNoReply();
    }

    private ReplyEffect<ContainerEvent, ContainerState> restartDue(ContainerState state, RestartDue msg) {
        if (!((ContainerState.Stopped) state).restarting()) {
            return Effect().noReply(); // cancelled by a stop or kill meanwhile
        }
        return startRun(state, new Start(ctx.getSystem().ignoreRef()));
    }

    /**
     * dockerd's restore: a container that has run before and whose policy says so (nothing is cancelled
     * at daemon start, so an {@code always} container stopped by hand starts too) is started, as by the
     * user; one that was in its back-off starts now.
     */
    private ReplyEffect<ContainerEvent, ContainerState> restartAtDaemonStart(ContainerState state,
                                                                            RestartAtDaemonStart cmd) {
        var stopped = (ContainerState.Stopped) state;
        var info = state.info();
        if (stopped.restarting()) {
            timers.cancel(RestartDue.class);
            return startRun(state, new Start(cmd.replyTo()));
        }
        if (info.startedAt() != null
                && info.hostConfig().restartPolicy().restarts(info.exitCode(), stopped.stoppedByUser(), info.restartCount())) {
            return start(state, new Start(cmd.replyTo()));
        }
        return Effect().reply(cmd.replyTo(), Reply.ok(Done.DONE));
    }

    private ReplyEffect<ContainerEvent, ContainerState> startStopped(ContainerState state, Start cmd) {
        if (((ContainerState.Stopped) state).restarting()) {
            return Effect().reply(cmd.replyTo(), Reply.error(ErrorKind.NOT_MODIFIED, "container is already running"));
        }
        return start(state, cmd);
    }

    /** A stop during the back-off cancels the restart (as dockerd, which then reports it stopped). */
    private ReplyEffect<ContainerEvent, ContainerState> stopWhileStopped(ContainerState state, Stop cmd) {
        if (!((ContainerState.Stopped) state).restarting()) {
            return notRunning(state, cmd);
        }
        return cancelRestart(state, cmd.replyTo());
    }

    private ReplyEffect<ContainerEvent, ContainerState> killWhileStopped(ContainerState state, Kill cmd) {
        if (!((ContainerState.Stopped) state).restarting()) {
            return notRunning(state, cmd);
        }
        if (!cancelsRestart(state, cmd.signal())) {
            return Effect().reply(cmd.replyTo(), Reply.ok(Done.DONE)); // nothing runs to take it
        }
        return cancelRestart(state, cmd.replyTo());
    }

    private ReplyEffect<ContainerEvent, ContainerState> cancelRestart(ContainerState state, ActorRef<Reply<Done>> replyTo) {
        timers.cancel(RestartDue.class);
        return persist(state, new ContainerEvent.RestartCanceled(Instant.now())).thenReply(replyTo, s -> Reply.ok(Done.DONE));
    }

    private ReplyEffect<ContainerEvent, ContainerState> removeStopped(ContainerState state, Remove cmd) {
        if (((ContainerState.Stopped) state).restarting()) {
            if (!cmd.force()) {
                return Effect().reply(cmd.replyTo(), Reply.error(ErrorKind.CONFLICT, String.format(
                        "cannot remove container \"/%s\": container is restarting: stop the container before removing or force remove",
                        state.info().name())));
            }
            timers.cancel(RestartDue.class);
        }
        return remove(state, cmd);
    }

    // --- remove / rename ---

    private ReplyEffect<ContainerEvent, ContainerState> removeRunning(ContainerState state, Remove cmd) {
        if (!cmd.force()) {
            return Effect().reply(cmd.replyTo(), Reply.error(ErrorKind.CONFLICT, String.format(
                    "cannot remove container \"/%s\": container is running: stop the container before removing or force remove",
                    state.info().name())));
        }
        removeAfterExit.add(cmd.replyTo());
        removeVolumesAfterExit |= cmd.volumes();
        return persist(state, new ContainerEvent.SignalSent(Instant.now(), 9))
                .thenRun(s -> signal(s, 9, null))
                .thenNoReply();
    }

    private ReplyEffect<ContainerEvent, ContainerState> remove(ContainerState state, Remove cmd) {
        String name = state.info().name();
        var replies = new ArrayList<>(removeAfterExit);
        removeAfterExit.clear();
        // AutoRemove removes the anonymous volumes too, as dockerd's daemon-side auto-removal does.
        boolean volumes = cmd.volumes() || removeVolumesAfterExit || state.info().hostConfig().autoRemove();
        removeVolumesAfterExit = false;
        replies.add(cmd.replyTo());
        return persist(state, new ContainerEvent.Removed(Instant.now()))
                .thenRun(s -> afterRemoved(s, name, replies, volumes))
                .thenNoReply();
    }

    /** Once {@code Removed} is journaled: the name released, the files removed, then everyone answered. */
    private void afterRemoved(ContainerState s, String name, List<ActorRef<Reply<Done>>> replies, boolean volumes) {
        deps.names().tell(new NamesCommand.Release(name, id, null));
        afterCleanup(() -> deps.runtime().remove(id, volumes));
        // Answer once the container's files, mounts and endpoints are gone: a client that
        // removes a container and then its network must not find the endpoint still there.
        var removal = new ArrayList<>(removalWaiters);
        var exits = new ArrayList<>(exitWaiters);
        removalWaiters.clear();
        exitWaiters.clear();
        int code = s.info().exitCode();
        ActorRef<ContainerCommand> self = ctx.getSelf();
        cleanup.whenComplete((x, t) -> {
            reply(replies, Reply.ok(Done.DONE));
            reply(removal, Reply.ok(code));
            reply(exits, Reply.ok(code));
            // a removed container's entity has nothing left to do: without this, every
            // `run --rm` left one live actor behind (~60 KB of heap each, HygieneIT)
            if (registry != null) {
                registry.tell(new ContainerRegistry.Envelope(id, new Passivate(self), null));
            }
        });
    }

    private ReplyEffect<ContainerEvent, ContainerState> recordCopy(ContainerState state, RecordCopy cmd) {
        ContainerEvent event = cmd.extracted() ? new ContainerEvent.ArchiveExtracted(Instant.now())
                : new ContainerEvent.ArchiveRead(Instant.now());
        return persist(state, event).thenReply(cmd.replyTo(), s -> Reply.ok(Done.DONE));
    }

    private ReplyEffect<ContainerEvent, ContainerState> rename(ContainerState state, Rename cmd) {
        return persist(state, new ContainerEvent.Renamed(Instant.now(), state.info().name(), cmd.newName()))
                .thenReply(cmd.replyTo(), s -> Reply.ok(Done.DONE));
    }

    private ReplyEffect<ContainerEvent, ContainerState> connect(ContainerState state, ConnectNetwork cmd) {
        if (state.info().networks().stream().anyMatch(n -> n.networkId().equals(cmd.network().networkId()))) {
            return Effect().reply(cmd.replyTo(), Reply.error(ErrorKind.FORBIDDEN, "endpoint with name "
                    + state.info().name() + " already exists in network " + cmd.network().networkName()));
        }
        return persist(state, new ContainerEvent.NetworkConnected(Instant.now(), cmd.network()))
                .thenReply(cmd.replyTo(), s -> Reply.ok(Done.DONE));
    }

    private ReplyEffect<ContainerEvent, ContainerState> disconnect(ContainerState state, DisconnectNetwork cmd) {
        if (state.info().networks().stream().noneMatch(n -> n.networkId().equals(cmd.networkId()))) {
            return Effect().reply(cmd.replyTo(), Reply.error(ErrorKind.FORBIDDEN, "container " + id
                    + " is not connected to network " + cmd.networkId()));
        }
        return persist(state, new ContainerEvent.NetworkDisconnected(Instant.now(), cmd.networkId()))
                .thenReply(cmd.replyTo(), s -> Reply.ok(Done.DONE));
    }

    // --- exec ---

    private ReplyEffect<ContainerEvent, ContainerState> recordExec(ContainerState state, RecordExec cmd) {
        if ((cmd.event() instanceof ContainerEvent.ExecCreated || cmd.event() instanceof ContainerEvent.HealthChanged)
                && !(state instanceof ContainerState.Running)) {
            return Effect().reply(cmd.replyTo(), Reply.error(ErrorKind.CONFLICT, "container " + id + " is not running"));
        }
        return persist(state, cmd.event()).thenReply(cmd.replyTo(), s -> Reply.ok(Done.DONE));
    }

    // --- pause / update ---

    private static boolean isPaused(ContainerState state) {
        return state instanceof ContainerState.Running r && r.paused();
    }

    private ReplyEffect<ContainerEvent, ContainerState> pause(ContainerState state, Pause cmd) {
        if (isPaused(state)) {
            return Effect().reply(cmd.replyTo(), Reply.error(ErrorKind.CONFLICT, "container " + id + " is already paused"));
        }
        freezeOrThaw(true, cmd.replyTo());
        return Effect().noReply();
    }

    private ReplyEffect<ContainerEvent, ContainerState> unpause(ContainerState state, Unpause cmd) {
        if (!isPaused(state)) {
            return Effect().reply(cmd.replyTo(), Reply.error(ErrorKind.CONFLICT, "container " + id + " is not paused"));
        }
        freezeOrThaw(false, cmd.replyTo());
        return Effect().noReply();
    }

    private void freezeOrThaw(boolean freeze, ActorRef<Reply<Done>> replyTo) {
        // the outcome comes back as the entity's own message: the pause is still the asker's
        Caller asker = journal.caller();
        async(() -> {
            if (freeze) {
                deps.runtime().pause(id);
            } else {
                deps.runtime().resume(id);
            }
            return Done.DONE;
        }, d -> new PauseApplied(freeze, null, replyTo, asker),
                e -> new PauseApplied(freeze, asEngine(e), replyTo, asker));
    }

    /** The outcome is journaled after the runtime acted: the journal never claims a freeze that failed. */
    private ReplyEffect<ContainerEvent, ContainerState> pauseApplied(ContainerState state, PauseApplied msg) {
        return journal.as(msg.callerOrNull(), () -> pauseOutcome(state, msg));
    }

    private ReplyEffect<ContainerEvent, ContainerState> pauseOutcome(ContainerState state, PauseApplied msg) {
        if (msg.errorOrNull() != null) {
            return msg.replyToOrNull() == null ? Effect().noReply()
                    : Effect().reply(msg.replyToOrNull(), Reply.error(msg.errorOrNull()));
        }
        ActorRef<Reply<Done>> replyTo = msg.replyToOrNull() == null ? ctx.getSystem().ignoreRef() : msg.replyToOrNull();
        if (isPaused(state) == msg.paused()) {
            return Effect().reply(replyTo, Reply.ok(Done.DONE));
        }
        return persist(state, pausedEvent(msg.paused())).thenReply(replyTo, s -> Reply.ok(Done.DONE));
    }

    private static ContainerEvent pausedEvent(boolean paused) {
        return paused ? new ContainerEvent.Paused(Instant.now()) : new ContainerEvent.Unpaused(Instant.now());
    }

    private ReplyEffect<ContainerEvent, ContainerState> pauseObserved(ContainerState state, PauseObserved msg) {
        reconciling = false;
        if (isPaused(state) == msg.paused()) {
            return Effect().noReply().thenUnstashAll();
        }
        return persist(state, pausedEvent(msg.paused())).thenNoReply().thenUnstashAll();
    }

    private ReplyEffect<ContainerEvent, ContainerState> updateRunning(ContainerState state, Update cmd) {
        HostConfigUpdate update;
        try {
            update = cmd.update().against(state.info().hostConfig());
        } catch (EngineException e) {
            return Effect().reply(cmd.replyTo(), Reply.error(e));
        }
        if (!update.changesResources()) {
            return persistUpdate(state, update, cmd.replyTo());
        }
        HostConfig next = update.applyTo(state.info().hostConfig());
        Caller asker = journal.caller();
        async(() -> {
            deps.runtime().update(id, next);
            return Done.DONE;
        }, d -> new UpdateApplied(update, null, cmd.replyTo(), asker),
                e -> new UpdateApplied(update, asEngine(e), cmd.replyTo(), asker));
        return Effect().noReply();
    }

    private ReplyEffect<ContainerEvent, ContainerState> updateApplied(ContainerState state, UpdateApplied msg) {
        if (msg.errorOrNull() != null) {
            return Effect().reply(msg.replyTo(), Reply.error(msg.errorOrNull()));
        }
        return journal.as(msg.callerOrNull(), () -> persistUpdate(state, msg.update(), msg.replyTo()));
    }

    /** A container that does not run takes the update into its host config; its next start applies it. */
    private ReplyEffect<ContainerEvent, ContainerState> updateStopped(ContainerState state, Update cmd) {
        try {
            return persistUpdate(state, cmd.update().against(state.info().hostConfig()), cmd.replyTo());
        } catch (EngineException e) {
            return Effect().reply(cmd.replyTo(), Reply.error(e));
        }
    }

    private ReplyEffect<ContainerEvent, ContainerState> persistUpdate(ContainerState state, HostConfigUpdate update,
                                                                      ActorRef<Reply<Done>> replyTo) {
        return persist(state, new ContainerEvent.Updated(Instant.now(), update)).thenReply(replyTo, s -> Reply.ok(Done.DONE));
    }

    // --- wait ---

    private ReplyEffect<ContainerEvent, ContainerState> waitWhileActive(ContainerState state, Wait cmd) {
        (cmd.condition() == WaitCondition.REMOVED ? removalWaiters : exitWaiters).add(cmd.replyTo());
        return Effect().noReply();
    }

    private ReplyEffect<ContainerEvent, ContainerState> waitWhileStopped(ContainerState state, Wait cmd) {
        switch (cmd.condition()) {
            case NEXT_EXIT -> exitWaiters.add(cmd.replyTo());
            case REMOVED -> removalWaiters.add(cmd.replyTo());
            case NOT_RUNNING -> {
                return Effect().reply(cmd.replyTo(), Reply.ok(state.info().exitCode()));
            }
        }
        return Effect().noReply();
    }

    // --- helpers ---

    private ReplyEffect<ContainerEvent, ContainerState> notRunning(ContainerState state, ContainerCommand cmd) {
        if (cmd instanceof Stop s) {
            return Effect().reply(s.replyTo(), Reply.error(ErrorKind.NOT_MODIFIED, "container already stopped"));
        }
        if (cmd instanceof Kill k) {
            return Effect().reply(k.replyTo(), Reply.error(ErrorKind.CONFLICT, String.format(
                    "Cannot kill container: %s: container %s is not running", state.info().name(), id)));
        }
        if (cmd instanceof Create c) {
            return Effect().reply(c.replyTo(), Reply.error(ErrorKind.CONFLICT, "container exists"));
        }
        if (cmd instanceof Pause || cmd instanceof Unpause) {
            return Effect().reply(((AnsweredWithDone) cmd).replyTo(),
                    Reply.error(ErrorKind.CONFLICT, "container " + id + " is not running"));
        }
        if (cmd instanceof PauseApplied p) {
            // the run ended while the runtime froze or thawed it: nothing is frozen now
            return p.replyToOrNull() == null ? Effect().noReply() : Effect().reply(p.replyToOrNull(),
                    Reply.error(ErrorKind.CONFLICT, "container " + id + " is not running"));
        }
        if (cmd instanceof UpdateApplied u) {
            // the run ended after the runtime took the limits: they still belong in the host config
            return u.errorOrNull() == null ? persistUpdate(state, u.update(), u.replyTo())
                    : Effect().reply(u.replyTo(), Reply.error(u.errorOrNull()));
        }
        if (cmd instanceof SignalDelivered delivered && delivered.replyToOrNull() != null) {
            // The run ended (and was journaled) before the driver reported the signal delivered: the
            // kill still did what was asked, and its caller is waiting for this answer.
            return signalDelivered(state, delivered);
        }
        if (cmd instanceof RuntimeExited || cmd instanceof Restored || cmd instanceof SignalDelivered
                || cmd instanceof RestartDue || cmd instanceof ScheduleRestart || cmd instanceof PauseObserved
                || cmd instanceof StopTimedOut || cmd instanceof RuntimeStarted || cmd instanceof RuntimeStartFailed) {
            return Effect().noReply(); // late news of a run already accounted for
        }
        return refuse(cmd, notFound());
    }

    private Reply<Done> notFound() {
        return Reply.error(ErrorKind.NOT_FOUND, "No such container: " + id);
    }

    private ReplyEffect<ContainerEvent, ContainerState> refuse(ContainerCommand cmd, Reply<Done> error) {
        var err = (Reply.Err<Done>) error;
        if (cmd instanceof Wait w) {
            return Effect().reply(w.replyTo(), Reply.error(err.kind(), err.message()));
        }
        return cmd instanceof AnsweredWithDone a ? Effect().reply(a.replyTo(), error) : Effect().noReply();
    }

    private EffectBuilder<ContainerEvent, ContainerState> persist(ContainerState before, ContainerEvent event) {
        return journal.persist(Effect(), before, event);
    }

    private <T> void async(Supplier<T> work, java.util.function.Function<T, ContainerCommand> ok,
                           java.util.function.Function<Throwable, ContainerCommand> failed) {
        asyncAfter(CompletableFuture.completedFuture(null), work, ok, failed);
    }

    /** Like {@link #async}, but the work starts only once {@code after} has completed. */
    private <T> void asyncAfter(CompletableFuture<Void> after, Supplier<T> work,
                                java.util.function.Function<T, ContainerCommand> ok,
                                java.util.function.Function<Throwable, ContainerCommand> failed) {
        asyncAs(journal.caller(), after, work, ok, failed);
    }

    /**
     * Like {@link #asyncAfter}, the work running as {@code asker}'s: what it asks of other entities (a
     * volume mounted, a network joined) is journaled as that request's, or as the engine's.
     */
    private <T> void asyncAs(Caller asker, CompletableFuture<Void> after, Supplier<T> work,
                             java.util.function.Function<T, ContainerCommand> ok,
                             java.util.function.Function<Throwable, ContainerCommand> failed) {
        ctx.pipeToSelf(after.thenApplyAsync(x -> Caller.as(asker, work), deps.blocking()), (value, error) -> {
            if (error != null) {
                return failed.apply(error instanceof java.util.concurrent.CompletionException ce && ce.getCause() != null
                        ? ce.getCause() : error);
            }
            return ok.apply(value);
        });
    }

    /** Runs after any clean-up already queued for this container; failures are logged, not propagated. */
    private void afterCleanup(Runnable work) {
        cleanup = cleanup.thenRunAsync(work, deps.blocking()).exceptionally(t -> {
            LOG.warn("container {}: cleanup failed: {}", id, t.toString());
            return null;
        });
    }

    /**
     * Answers {@code refs} once the clean-up chained so far is over. A stop or a wait for the exit returns, as
     * dockerd's (its exit handler releases network and mounts before the state says stopped), only when the run's
     * endpoints, ports and mounts are released: a port published again right after a `docker stop` is free.
     */
    private <T> void replyAfterCleanup(List<ActorRef<Reply<T>>> refs, Reply<T> answer) {
        var waiting = new ArrayList<>(refs);
        refs.clear();
        if (!waiting.isEmpty()) {
            cleanup.whenComplete((x, t) -> reply(waiting, answer));
        }
    }

    private static EngineException asEngine(Throwable t) {
        return t instanceof EngineException e ? e : EngineException.internal(String.valueOf(t.getMessage()), t);
    }

    private static <T> void reply(List<ActorRef<Reply<T>>> refs, Reply<T> reply) {
        refs.forEach(r -> r.tell(reply));
        refs.clear();
    }
}
