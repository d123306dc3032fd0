package dev.berth.actors.image;

import dev.berth.actors.support.Done;
import dev.berth.actors.support.Journaling;
import dev.berth.actors.support.LiveEvents;
import dev.berth.actors.support.Reply;
import dev.berth.persistence.Tags;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.persistence.image.ImageState;
import dev.berth.spi.ErrorKind;
import java.time.Instant;
import java.util.Set;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/** One image (by config digest): stored, then maybe removed. Its tags live in {@link ImageTags}. */
public final class ImageEntity extends EventSourcedBehaviorWithEnforcedReplies<ImageCommand, ImageEvent, ImageState> {
    private final String imageId;
    private final Journaling<ImageEvent, ImageState> journal;

    private ImageEntity(String imageId, ImageView view, LiveEvents live, ActorContext<ImageCommand> ctx) {
        super(persistenceId(imageId));
        this.imageId = imageId;
        this.journal = new Journaling<>(persistenceId().id(), s -> view.image(imageId, s), live,
                () -> lastSequenceNumber(ctx));
    }

    public static PersistenceId persistenceId(String imageId) {
        return PersistenceId.of("image", imageId, "|");
    }

    public static Behavior<ImageCommand> create(String imageId, ImageView view, LiveEvents live) {
        return Behaviors.setup(ctx -> new ImageEntity(imageId, view, live, ctx));
    }

    @Override
    public ImageState emptyState() {
        return ImageState.empty();
    }

    /**
     * Image entities never save snapshots (no retention criteria, ever): recovery asks the snapshot
     * store for none, which answers without a journal query, and replays the events alone. An
     * import's new image waits for one database round trip less before its event is written.
     */
    @Override
    public Recovery recovery() {
        return Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
    }

    @Override
    public Set<String> tagsFor(ImageEvent event) {
        return Tags.of(Tags.IMAGE);
    }

    /** The commands, each handled on behalf of whoever asked (a {@code Called} wrapper, from the registry). */
    @Override
    public CommandHandlerWithReply<ImageCommand, ImageEvent, ImageState> commandHandler() {
        CommandHandlerWithReply<ImageCommand, ImageEvent, ImageState> commands = commands();
        return (state, cmd) -> cmd instanceof ImageCommand.Called c
                ? journal.as(c.caller(), () -> commands.apply(state, c.command()))
                : commands.apply(state, cmd);
    }

    private CommandHandlerWithReply<ImageCommand, ImageEvent, ImageState> commands() {
        var b = newCommandHandlerWithReplyBuilder();
        b.forStateType(ImageState.Present.class)
                .onCommand(ImageCommand.Store.class, (s, c) -> Effect().reply(c.replyTo(), Reply.ok(Done.DONE)))
                .onCommand(ImageCommand.Remove.class, this::remove)
                .onCommand(ImageCommand.RecordPull.class, (s, c) ->
                        persist(s, c.pulled()).thenReply(c.replyTo(), after -> Reply.ok(Done.DONE)));
        b.forAnyState()
                .onCommand(ImageCommand.RecordPull.class, (s, c) -> Effect().reply(c.replyTo(),
                        Reply.error(ErrorKind.NOT_FOUND, "No such image: " + imageId)))
                .onCommand(ImageCommand.Store.class, this::store)
                .onCommand(ImageCommand.Remove.class, (s, c) -> Effect().reply(c.replyTo(),
                        Reply.error(ErrorKind.NOT_FOUND, "No such image: " + imageId)));
        return b.build();
    }

    private ReplyEffect<ImageEvent, ImageState> store(ImageState state, ImageCommand.Store cmd) {
        return persist(state, cmd.image()).thenReply(cmd.replyTo(), s -> Reply.ok(Done.DONE));
    }

    private ReplyEffect<ImageEvent, ImageState> remove(ImageState state, ImageCommand.Remove cmd) {
        return persist(state, new ImageEvent.Removed(Instant.now())).thenReply(cmd.replyTo(), s -> Reply.ok(Done.DONE));
    }

    private EffectBuilder<ImageEvent, ImageState> persist(ImageState before, ImageEvent event) {
        return journal.persist(Effect(), before, event);
    }

    @Override
    public EventHandler<ImageState, ImageEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(ImageState::apply);
    }
}
