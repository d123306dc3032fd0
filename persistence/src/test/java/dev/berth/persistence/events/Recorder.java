package dev.berth.persistence.events;

import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/** Test-only entity: journals whatever events it is given under a persistence id and tags. */
final class Recorder extends EventSourcedBehavior<Recorder.Record, Object, Long> {
    record Record(Object event, ActorRef<Done> replyTo) {}

    private final Set<String> tags;

    static Behavior<Record> create(String persistenceId, Set<String> tags) {
        return new Recorder(persistenceId, tags);
    }

    private Recorder(String persistenceId, Set<String> tags) {
        super(PersistenceId.ofUniqueId(persistenceId));
        this.tags = tags;
    }

    @Override
    public Long emptyState() {
        return 0L;
    }

    @Override
    public CommandHandler<Record, Object, Long> commandHandler() {
        return (state, record) -> Effect().persist(record.event()).thenReply(record.replyTo(), s -> Done.getInstance());
    }

    @Override
    public EventHandler<Long, Object> eventHandler() {
        return (state, event) -> state + 1;
    }

    @Override
    public Set<String> tagsFor(Object event) {
        return tags;
    }
}
