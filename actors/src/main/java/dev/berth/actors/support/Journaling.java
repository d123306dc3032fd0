package dev.berth.actors.support;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;

/**
 * The one way an entity persists an event: journal it, then hand the new state to the entity's
 * read model, then publish the event live. All three happen on the entity's thread in journal
 * order, so {@code ps} never shows a state the journal does not hold and {@code /events} never
 * shows an event before the read model reflects it.
 *
 * @param <E> the entity's event family
 * @param <S> the entity's state family
 */
public final class Journaling<E, S> {
    private final String persistenceId;
    private final Consumer<S> readModel;
    private final LiveEvents live;
    private final LongSupplier lastSequenceNr;
    private final String entityType;

    /**
     * @param persistenceId  the entity's persistence id, as live subscribers see it
     * @param readModel      takes each state right after the event that made it is journaled
     * @param lastSequenceNr the entity's {@code lastSequenceNumber(ctx)}, read after the persist
     */
    public Journaling(String persistenceId, Consumer<S> readModel, LiveEvents live, LongSupplier lastSequenceNr) {
        this.persistenceId = persistenceId;
        this.readModel = readModel;
        this.live = live;
        this.lastSequenceNr = lastSequenceNr;
        this.entityType = JournalStats.type(persistenceId);
    }

    /** {@code effects.persist(event)}, followed by the read-model update and the live publication. */
    public EffectBuilder<E, S> persist(EffectFactories<E, S> effects, S before, E event) {
        // the effect runs as soon as the command handler returns: from here to thenRun is the journal's write
        long asked = System.nanoTime();
        return effects.persist(event).thenRun(after -> {
            JournalStats.written(entityType, 1, System.nanoTime() - asked);
            readModel.accept(after);
            live.journaled(persistenceId, lastSequenceNr.getAsLong(), event, before);
        });
    }

    /**
     * {@code effects.persist(events)} (one atomic write), then the read model takes the last state and
     * each event is published live with its own sequence number and the state before it.
     *
     * @param fold the entity's event handler, to give each event the state before it
     */
    public EffectBuilder<E, S> persistAll(EffectFactories<E, S> effects, S before, List<E> events,
                                          BiFunction<S, E, S> fold) {
        List<E> all = List.copyOf(events);
        long asked = System.nanoTime();
        return effects.persist(all).thenRun(after -> {
            JournalStats.written(entityType, all.size(), System.nanoTime() - asked);
            readModel.accept(after);
            long seq = lastSequenceNr.getAsLong() - all.size() + 1;
            S state = before;
            for (E event : all) {
                live.journaled(persistenceId, seq++, event, state);
                state = fold.apply(state, event);
            }
        });
    }
}
