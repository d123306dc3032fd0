package dev.berth.persistence.journal;

import dev.berth.persistence.ReadModelSnapshot;
import dev.berth.persistence.Samples;
import dev.berth.persistence.Tags;
import dev.berth.persistence.container.ContainerEvent;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * A persistent entity that journals whatever event it is sent, tagged as Berth's container events are,
 * and counts them in a (Jackson-serialized) state; with {@code snapshots}, it snapshots every 3 events and
 * deletes the events before the previous snapshot, as Berth's directories do. The same class wrote the
 * fixture {@code old-plugin/berth.mv.db} under pekko-persistence-jdbc 1.1.1 (see {@link OldPluginJournalTest}).
 */
final class FixtureEntity extends EventSourcedBehavior<FixtureEntity.Append, ContainerEvent, ReadModelSnapshot> {
    record Append(ContainerEvent event, ActorRef<Long> replyTo) {}

    /** The events the fixture holds, in the order they were journaled. */
    static List<ContainerEvent> events() {
        return Samples.all().values().stream().filter(ContainerEvent.class::isInstance).map(ContainerEvent.class::cast)
                .limit(7).toList();
    }

    private final boolean snapshots;
    private final List<ContainerEvent> replayed;

    private FixtureEntity(String id, boolean snapshots, List<ContainerEvent> replayed) {
        super(PersistenceId.ofUniqueId(id));
        this.snapshots = snapshots;
        this.replayed = replayed;
    }

    static Behavior<Append> create(String id, boolean snapshots, List<ContainerEvent> replayed) {
        return new FixtureEntity(id, snapshots, replayed);
    }

    @Override
    public ReadModelSnapshot emptyState() {
        return ReadModelSnapshot.empty();
    }

    @Override
    public CommandHandler<Append, ContainerEvent, ReadModelSnapshot> commandHandler() {
        return newCommandHandlerBuilder().forAnyState().onCommand(Append.class,
                (state, cmd) -> Effect().persist(cmd.event()).thenReply(cmd.replyTo(), s -> s.ordering()))
                .build();
    }

    @Override
    public EventHandler<ReadModelSnapshot, ContainerEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> {
            replayed.add(event);
            return new ReadModelSnapshot(state.ordering() + 1, state.containers(), state.images(), state.tags(),
                    state.networks(), state.volumes());
        });
    }

    @Override
    public Set<String> tagsFor(ContainerEvent event) {
        return Tags.of(Tags.CONTAINER);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return snapshots ? RetentionCriteria.snapshotEvery(3, 1).withDeleteEventsOnSnapshot() : RetentionCriteria.disabled();
    }
}
