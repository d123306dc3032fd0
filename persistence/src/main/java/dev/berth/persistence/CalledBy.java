package dev.berth.persistence;

import dev.berth.spi.Caller;

/**
 * A journaled event that a user's command can cause, so it records who asked: {@code caller} is null
 * when the engine acted by itself (an exit, a restart policy, health, recovery) and in rows written
 * before issue 15 (the field is optional: absent reads as null, no migration). {@code Journaling}
 * stamps it with the caller of the command being handled.
 *
 * @param <E> the event's family
 */
public interface CalledBy<E> {
    /**
     * The engine acting by itself (an exit, the restart policy, health, a start at daemon start): a
     * caller with no part, journaled with every field null so that it differs from an absent one (a row from
     * before issue 15); {@code docker events} shows it as {@code berth.by=engine}.
     */
    Caller ENGINE = new Caller(null, null, null, null, null, null, null, null);

    Caller caller();

    /** The same event with {@code caller}. */
    E withCaller(Caller caller);
}
