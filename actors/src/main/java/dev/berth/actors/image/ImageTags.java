package dev.berth.actors.image;

import dev.berth.actors.support.Done;
import dev.berth.actors.support.Journaling;
import dev.berth.actors.support.LiveEvents;
import dev.berth.actors.support.Reply;
import dev.berth.persistence.Tags;
import dev.berth.persistence.image.TagEvent;
import dev.berth.persistence.image.TagState;
import dev.berth.spi.ErrorKind;
import java.time.Instant;
import java.util.Set;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
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
 * Every tag in one entity, so a tag moving between images is a single event. Departs from DESIGN's
 * "image entity holds tags" for exactly that reason (see docs/ARCHITECTURE.md).
 */
public final class ImageTags extends EventSourcedBehaviorWithEnforcedReplies<TagCommand, TagEvent, TagState> {
    public static final PersistenceId ID = PersistenceId.ofUniqueId("image-tags");

    private final ImageView view;
    private final Journaling<TagEvent, TagState> journal;

    private ImageTags(ImageView view, LiveEvents live, ActorContext<TagCommand> ctx) {
        super(ID);
        this.view = view;
        this.journal = new Journaling<>(ID.id(), view::tags, live, () -> lastSequenceNumber(ctx));
    }

    public static Behavior<TagCommand> create(ImageView view, LiveEvents live) {
        return Behaviors.setup(ctx -> new ImageTags(view, live, ctx));
    }

    @Override
    public TagState emptyState() {
        return TagState.empty();
    }

    @Override
    public Set<String> tagsFor(TagEvent event) {
        return Tags.of(Tags.IMAGE);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(500, 2);
    }

    @Override
    public CommandHandlerWithReply<TagCommand, TagEvent, TagState> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(TagCommand.Tag.class, (s, c) -> journal.as(c.caller(), () -> tag(s, c)))
                .onCommand(TagCommand.Untag.class, (s, c) -> journal.as(c.caller(), () -> untag(s, c)))
                .build();
    }

    private ReplyEffect<TagEvent, TagState> tag(TagState state, TagCommand.Tag cmd) {
        String previous = state.tags().get(cmd.reference());
        if (cmd.imageId().equals(previous)) {
            return Effect().reply(cmd.replyTo(), Reply.ok(Done.DONE));
        }
        return persist(state, new TagEvent.Tagged(Instant.now(), cmd.reference(), cmd.imageId(), previous))
                .thenReply(cmd.replyTo(), s -> Reply.ok(Done.DONE));
    }

    private ReplyEffect<TagEvent, TagState> untag(TagState state, TagCommand.Untag cmd) {
        String imageId = state.tags().get(cmd.reference());
        if (imageId == null) {
            return Effect().reply(cmd.replyTo(), Reply.error(ErrorKind.NOT_FOUND, "No such image: " + cmd.reference()));
        }
        return persist(state, new TagEvent.Untagged(Instant.now(), cmd.reference(), imageId))
                .thenReply(cmd.replyTo(), s -> Reply.ok(imageId));
    }

    private EffectBuilder<TagEvent, TagState> persist(TagState before, TagEvent event) {
        return journal.persist(Effect(), before, event);
    }

    @Override
    public EventHandler<TagState, TagEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(TagState::apply);
    }

    @Override
    public SignalHandler<TagState> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), view::tags).build();
    }
}
