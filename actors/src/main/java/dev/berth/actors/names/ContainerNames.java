package dev.berth.actors.names;

import dev.berth.actors.support.Done;
import dev.berth.actors.support.Reply;
import dev.berth.persistence.names.NameEvent;
import dev.berth.persistence.names.NameState;
import dev.berth.spi.ErrorKind;
import java.time.Instant;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The directory that makes container names unique: a name is reserved here before its container is
 * created, so two concurrent creates with one name cannot both win.
 */
public final class ContainerNames extends EventSourcedBehaviorWithEnforcedReplies<NamesCommand, NameEvent, NameState> {
    public static final PersistenceId ID = PersistenceId.ofUniqueId("container-names");

    private final NamesView view;

    private ContainerNames(NamesView view) {
        super(ID);
        this.view = view;
    }

    public static Behavior<NamesCommand> create(NamesView view) {
        return new ContainerNames(view);
    }

    @Override
    public NameState emptyState() {
        return NameState.empty();
    }

    @Override
    public CommandHandlerWithReply<NamesCommand, NameEvent, NameState> commandHandler() {
        return newCommandHandlerWithReplyBuilder()
                .forAnyState()
                .onCommand(NamesCommand.Reserve.class, this::reserve)
                .onCommand(NamesCommand.Release.class, this::release)
                .build();
    }

    private ReplyEffect<NameEvent, NameState> reserve(NameState state, NamesCommand.Reserve cmd) {
        String holder = state.names().get(cmd.name());
        if (holder != null && !holder.equals(cmd.owner())) {
            return Effect().reply(cmd.replyTo(), Reply.error(ErrorKind.CONFLICT, String.format(
                    "Conflict. The container name \"/%s\" is already in use by container \"%s\". "
                            + "You have to remove (or rename) that container to be able to reuse that name.",
                    cmd.name(), holder)));
        }
        if (holder != null) {
            return Effect().reply(cmd.replyTo(), Reply.ok(Done.DONE));
        }
        return Effect().persist(new NameEvent.Reserved(Instant.now(), cmd.name(), cmd.owner()))
                .thenRun(s -> view.names(s))
                .thenReply(cmd.replyTo(), s -> Reply.ok(Done.DONE));
    }

    private ReplyEffect<NameEvent, NameState> release(NameState state, NamesCommand.Release cmd) {
        if (!cmd.owner().equals(state.names().get(cmd.name()))) {
            return cmd.replyTo() == null ? Effect().noReply() : Effect().reply(cmd.replyTo(), Reply.ok(Done.DONE));
        }
        var effect = Effect().persist(new NameEvent.Released(Instant.now(), cmd.name(), cmd.owner()))
                .thenRun(s -> view.names(s));
        return cmd.replyTo() == null ? effect.thenNoReply() : effect.thenReply(cmd.replyTo(), s -> Reply.ok(Done.DONE));
    }

    @Override
    public EventHandler<NameState, NameEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(NameState::apply);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(500, 2);
    }

    @Override
    public org.apache.pekko.persistence.typed.javadsl.SignalHandler<NameState> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(org.apache.pekko.persistence.typed.RecoveryCompleted.instance(), view::names)
                .build();
    }

    /** Where the directory publishes its state for lookups. */
    public interface NamesView {
        void names(NameState state);
    }
}
