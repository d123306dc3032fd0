package dev.berth.actors.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * An entity's command handler, built once per entity class and shared by all its instances: each
 * handler takes the entity as its first argument. Pekko's {@code newCommandHandlerWithReplyBuilder}
 * builds its case list per instance (handlers close over {@code this}), ~5.5 KB of builders, cases,
 * lambdas and Scala lists per entity that lives: 55 MB of the daemon's live heap at 10,000 created
 * containers. Matching is Pekko's: the first case, in the order added, whose state type and command
 * match.
 *
 * @param <B> the entity
 * @param <C> its commands
 * @param <E> its events
 * @param <S> its state
 */
public final class CommandTable<B, C, E, S> {

    /** One command's handling, given the entity it is for. */
    @FunctionalInterface
    public interface Handler<B, S, C, E, R> {
        ReplyEffect<E, R> apply(B entity, S state, C command);
    }

    private record Case<B, C, E, S>(Class<?> stateType, BiPredicate<B, C> matches, Handler<B, S, C, E, S> handler) {}

    private final List<Case<B, C, E, S>> cases;

    private CommandTable(List<Case<B, C, E, S>> cases) {
        this.cases = List.copyOf(cases);
    }

    public static <B, C, E, S> Builder<B, C, E, S> builder() {
        return new Builder<>();
    }

    /** What the entity's {@code commandHandler()} calls with itself. */
    public ReplyEffect<E, S> apply(B entity, S state, C command) {
        for (Case<B, C, E, S> c : cases) {
            if (c.stateType().isInstance(state) && c.matches().test(entity, command)) {
                return c.handler().apply(entity, state, command);
            }
        }
        throw new IllegalStateException("No match found for command of type [" + command.getClass().getName()
                + "] and state [" + state.getClass().getName() + "]");
    }

    /** Cases are added state type by state type, as with Pekko's builder. */
    public static final class Builder<B, C, E, S> {
        private final List<Case<B, C, E, S>> cases = new ArrayList<>();

        private Builder() {}

        public <T extends S> ForState<B, C, E, S, T> forStateType(Class<T> stateType) {
            return new ForState<>(this, stateType);
        }

        public CommandTable<B, C, E, S> build() {
            return new CommandTable<>(cases);
        }
    }

    /** The cases for one state type. */
    public static final class ForState<B, C, E, S, T extends S> {
        private final Builder<B, C, E, S> owner;
        private final Class<T> stateType;

        private ForState(Builder<B, C, E, S> owner, Class<T> stateType) {
            this.owner = owner;
            this.stateType = stateType;
        }

        public <K extends C> ForState<B, C, E, S, T> onCommand(Class<K> type, Handler<B, T, K, E, S> handler) {
            return add((b, c) -> type.isInstance(c), (b, s, c) -> handler.apply(b, stateType.cast(s), type.cast(c)));
        }

        /** Commands the entity picks with its own fields (e.g. while it reconciles). */
        public ForState<B, C, E, S, T> onCommand(BiPredicate<B, C> matches, Handler<B, T, C, E, S> handler) {
            return add(matches, (b, s, c) -> handler.apply(b, stateType.cast(s), c));
        }

        public ForState<B, C, E, S, T> onAnyCommand(Handler<B, T, C, E, S> handler) {
            return add((b, c) -> true, (b, s, c) -> handler.apply(b, stateType.cast(s), c));
        }

        private ForState<B, C, E, S, T> add(BiPredicate<B, C> matches, Handler<B, S, C, E, S> handler) {
            owner.cases.add(new Case<>(stateType, matches, handler));
            return this;
        }
    }
}
