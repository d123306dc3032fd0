package dev.berth.spi.runtime;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.util.Objects;

/**
 * {@link RuntimeDriver#start} failed, and why, as a {@link StartFailure}. The message is the
 * runtime's own (users read it; the docker CLI also picks its exit code from Docker's wording in
 * it), the failure is what the engine acts on.
 */
public final class StartFailedException extends EngineException {
    private final StartFailure failure;

    public StartFailedException(ErrorKind kind, StartFailure failure, String message, Throwable cause) {
        super(kind, message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** The program is missing: the user's mistake (400). */
    public static StartFailedException commandNotFound(String message) {
        return new StartFailedException(ErrorKind.INVALID_ARGUMENT, StartFailure.COMMAND_NOT_FOUND, message, null);
    }

    /** The program cannot be executed: the user's mistake (400). */
    public static StartFailedException notExecutable(String message) {
        return new StartFailedException(ErrorKind.INVALID_ARGUMENT, StartFailure.NOT_EXECUTABLE, message, null);
    }

    public StartFailure failure() {
        return failure;
    }
}
