package dev.berth.actors.plugin;

import dev.berth.actors.support.Done;
import dev.berth.actors.support.Journaling;
import dev.berth.actors.support.LiveEvents;
import dev.berth.actors.support.Reply;
import dev.berth.persistence.CalledBy;
import dev.berth.persistence.Tags;
import dev.berth.persistence.plugin.PluginEvent;
import dev.berth.persistence.plugin.PluginState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The daemon's plugins as the journal knows them (persistence id {@code plugins}): told once per start
 * what was found, it journals only what changed since the last start, so {@code docker events} shows
 * each plugin's history across restarts without a line per restart.
 */
public final class PluginDirectory
        extends EventSourcedBehaviorWithEnforcedReplies<PluginDirectory.Observe, PluginEvent, PluginState> {
    public static final PersistenceId ID = PersistenceId.ofUniqueId("plugins");

    /**
     * What this start found: an Enabled or LoadFailed per plugin. An Enabled plugin the journal knows
     * that is not among {@code seen} (by key) is journaled Disabled with {@code goneReason}.
     */
    public record Observe(List<PluginEvent> seen, String goneReason, ActorRef<Reply<Done>> replyTo) {
        public Observe {
            seen = List.copyOf(seen);
        }
    }

    private final Journaling<PluginEvent, PluginState> journal;

    private PluginDirectory(LiveEvents live, ActorContext<Observe> ctx) {
        super(ID);
        this.journal = new Journaling<>(ID.id(), s -> { }, live, () -> lastSequenceNumber(ctx));
    }

    public static Behavior<Observe> create(LiveEvents live) {
        return Behaviors.setup(ctx -> new PluginDirectory(live, ctx));
    }

    @Override
    public PluginState emptyState() {
        return PluginState.empty();
    }

    @Override
    public Set<String> tagsFor(PluginEvent event) {
        return Tags.of(Tags.PLUGIN);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(200, 2);
    }

    @Override
    public EventHandler<PluginState, PluginEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(PluginState::apply);
    }

    @Override
    public CommandHandlerWithReply<Observe, PluginEvent, PluginState> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState().onCommand(Observe.class,
                // what a start finds is the engine's own doing: journaled as such
                (s, c) -> journal.as(CalledBy.ENGINE, () -> observe(s, c))).build();
    }

    private ReplyEffect<PluginEvent, PluginState> observe(PluginState state, Observe cmd) {
        List<PluginEvent> changes = new ArrayList<>();
        Set<String> seenKeys = new HashSet<>();
        for (PluginEvent e : cmd.seen()) {
            seenKeys.add(e.key());
            if (!state.knows(e)) {
                changes.add(e);
            }
        }
        Instant now = Instant.now();
        state.plugins().values().stream()
                .filter(last -> last instanceof PluginEvent.Enabled && !seenKeys.contains(last.key()))
                .sorted(Comparator.comparing(PluginEvent::key))
                .forEach(last -> changes.add(new PluginEvent.Disabled(now, last.pluginType(), last.name(),
                        cmd.goneReason())));
        if (changes.isEmpty()) {
            return Effect().reply(cmd.replyTo(), Reply.ok(Done.DONE));
        }
        return journal.persistAll(Effect(), state, changes, PluginState::apply)
                .thenReply(cmd.replyTo(), s -> Reply.ok(Done.DONE));
    }
}
