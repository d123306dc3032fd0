package dev.berth.actors.support;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;

/** An entity's answer: a value, or a typed error the API maps to a status. */
public sealed interface Reply<T> {
    record Ok<T>(T value) implements Reply<T> {}

    record Err<T>(ErrorKind kind, String message) implements Reply<T> {}

    static <T> Reply<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Reply<T> error(ErrorKind kind, String message) {
        return new Err<>(kind, message);
    }

    static <T> Reply<T> error(EngineException e) {
        return new Err<>(e.kind(), e.getMessage());
    }

    /** The value, or the error thrown as an {@link EngineException}. */
    default T get() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        var err = (Err<T>) this;
        throw new EngineException(err.kind(), err.message());
    }
}
