package dev.berth.actors.support;

import dev.berth.persistence.CalledBy;
import dev.berth.spi.Caller;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
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
    // who asked for the command being handled (issue 15): set by as() around one command's handling
    private Caller caller;

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
        E stamped = stamp(event);
        // the effect runs as soon as the command handler returns: from here to thenRun is the journal's write
        long asked = System.nanoTime();
        return effects.persist(stamped).thenRun(after -> {
            JournalStats.written(entityType, 1, System.nanoTime() - asked);
            readModel.accept(after);
            live.journaled(persistenceId, lastSequenceNr.getAsLong(), stamped, before);
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
        List<E> all = events.stream().map(this::stamp).toList();
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

    /**
     * Handles one command on behalf of {@code caller}: the events it persists meanwhile that can say who
     * asked ({@link CalledBy}) are journaled with it. Null = the engine acting by itself.
     */
    public <T> T as(Caller caller, Supplier<T> handling) {
        Caller previous = this.caller;
        this.caller = caller;
        try {
            return handling.get();
        } finally {
            this.caller = previous;
        }
    }

    /** Who asked for the command being handled, or null. */
    public Caller caller() {
        return caller;
    }

    @SuppressWarnings("unchecked")
    private E stamp(E event) {
        if (caller != null && event instanceof CalledBy<?> called && called.caller() == null) {
            return (E) called.withCaller(caller);
        }
        return event;
    }
}
