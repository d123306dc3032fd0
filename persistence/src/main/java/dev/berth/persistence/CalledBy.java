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
    Caller caller();

    /** The same event with {@code caller}. */
    E withCaller(Caller caller);
}
