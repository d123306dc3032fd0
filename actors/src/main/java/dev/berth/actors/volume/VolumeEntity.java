package dev.berth.actors.volume;

import dev.berth.actors.support.Done;
import dev.berth.actors.support.Journaling;
import dev.berth.actors.support.LiveEvents;
import dev.berth.actors.support.Reply;
import dev.berth.persistence.Tags;
import dev.berth.persistence.volume.VolumeEvent;
import dev.berth.persistence.volume.VolumeState;
import dev.berth.spi.ErrorKind;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One volume, by name. It is the only writer of who uses and mounts the volume, so "in use" is
 * decided in one place: a removal is journaled only when no container refers to it.
 */
public final class VolumeEntity extends EventSourcedBehaviorWithEnforcedReplies<VolumeCommand, VolumeEvent, VolumeState> {
    private final String name;
    private final Journaling<VolumeEvent, VolumeState> journal;

    private VolumeEntity(String name, VolumeView view, LiveEvents live, ActorContext<VolumeCommand> ctx) {
        super(persistenceId(name));
        this.name = name;
        this.journal = new Journaling<>(persistenceId().id(), s -> view.update(name, s), live,
                () -> lastSequenceNumber(ctx));
    }

    public static PersistenceId persistenceId(String name) {
        return PersistenceId.of("volume", name, "|");
    }

    public static Behavior<VolumeCommand> create(String name, VolumeView view, LiveEvents live) {
        return Behaviors.setup(ctx -> new VolumeEntity(name, view, live, ctx));
    }

    @Override
    public VolumeState emptyState() {
        return VolumeState.empty();
    }

    @Override
    public Set<String> tagsFor(VolumeEvent event) {
        return Tags.of(Tags.VOLUME);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(200, 2);
    }

    @Override
    public EventHandler<VolumeState, VolumeEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(VolumeState::apply);
    }

    /** The commands, each handled on behalf of whoever asked (a {@code Called} wrapper, from the registry). */
    @Override
    public CommandHandlerWithReply<VolumeCommand, VolumeEvent, VolumeState> commandHandler() {
        CommandHandlerWithReply<VolumeCommand, VolumeEvent, VolumeState> commands = commands();
        return (state, cmd) -> cmd instanceof VolumeCommand.Called c
                ? journal.as(c.caller(), () -> commands.apply(state, c.command()))
                : commands.apply(state, cmd);
    }

    private CommandHandlerWithReply<VolumeCommand, VolumeEvent, VolumeState> commands() {
        var b = newCommandHandlerWithReplyBuilder();
        // None and Gone alike: a removed name may be created again.
        for (Class<? extends VolumeState> absent : List.of(VolumeState.None.class, VolumeState.Gone.class)) {
            b.forStateType(absent)
                    .onCommand(VolumeCommand.Create.class, (s, c) -> persist(s, new VolumeEvent.Created(Instant.now(), c.config()))
                            .thenReply(c.replyTo(), after -> Reply.ok((VolumeState.Active) after)))
                    .onCommand(VolumeCommand.Use.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
                    .onCommand(VolumeCommand.Mount.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
                    .onCommand(VolumeCommand.Release.class, (s, c) -> Effect().reply(c.replyTo(), Reply.ok(Done.DONE)))
                    .onCommand(VolumeCommand.Unmount.class, (s, c) -> Effect().reply(c.replyTo(), Reply.ok(Done.DONE)))
                    .onCommand(VolumeCommand.Remove.class, (s, c) -> Effect().reply(c.replyTo(), notFound()));
        }
        b.forStateType(VolumeState.Active.class)
                .onCommand(VolumeCommand.Create.class, this::createAgain)
                .onCommand(VolumeCommand.Use.class, (s, c) -> s.users().contains(c.containerId())
                        ? Effect().reply(c.replyTo(), Reply.ok(Done.DONE))
                        : persist(s, new VolumeEvent.Used(Instant.now(), c.containerId())).thenReply(c.replyTo(), x -> Reply.ok(Done.DONE)))
                .onCommand(VolumeCommand.Release.class, (s, c) -> !s.users().contains(c.containerId()) && !s.mounts().containsKey(c.containerId())
                        ? Effect().reply(c.replyTo(), Reply.ok(Done.DONE))
                        : persist(s, new VolumeEvent.Released(Instant.now(), c.containerId())).thenReply(c.replyTo(), x -> Reply.ok(Done.DONE)))
                .onCommand(VolumeCommand.Mount.class, (s, c) -> c.mount().equals(s.mounts().get(c.mount().containerId()))
                        ? Effect().reply(c.replyTo(), Reply.ok(s))
                        : persist(s, new VolumeEvent.Mounted(Instant.now(), c.mount()))
                                .thenReply(c.replyTo(), after -> Reply.ok((VolumeState.Active) after)))
                .onCommand(VolumeCommand.Unmount.class, (s, c) -> !s.mounts().containsKey(c.containerId())
                        ? Effect().reply(c.replyTo(), Reply.ok(Done.DONE))
                        : persist(s, new VolumeEvent.Unmounted(Instant.now(), c.containerId())).thenReply(c.replyTo(), x -> Reply.ok(Done.DONE)))
                .onCommand(VolumeCommand.Remove.class, this::remove);
        return b.build();
    }

    /** As dockerd: the same driver gets the volume as it is; another driver is a name conflict. */
    private ReplyEffect<VolumeEvent, VolumeState> createAgain(VolumeState.Active s, VolumeCommand.Create c) {
        if (!s.config().driver().equals(c.config().driver())) {
            return Effect().reply(c.replyTo(), Reply.error(ErrorKind.CONFLICT, "create " + name + ": driver '"
                    + s.config().driver() + "' already has volume '" + name + "': volume name must be unique"));
        }
        return Effect().reply(c.replyTo(), Reply.ok(s));
    }

    private ReplyEffect<VolumeEvent, VolumeState> remove(VolumeState.Active s, VolumeCommand.Remove c) {
        if (s.inUse()) {
            return Effect().reply(c.replyTo(), Reply.error(ErrorKind.CONFLICT, "remove " + name
                    + ": volume is in use - [" + String.join(", ", s.references()) + "]"));
        }
        return persist(s, new VolumeEvent.Removed(Instant.now())).thenReply(c.replyTo(), x -> Reply.ok(s));
    }

    private <T> Reply<T> notFound() {
        return Reply.error(ErrorKind.NOT_FOUND, "get " + name + ": no such volume");
    }

    private EffectBuilder<VolumeEvent, VolumeState> persist(VolumeState before, VolumeEvent event) {
        return journal.persist(Effect(), before, event);
    }
}
