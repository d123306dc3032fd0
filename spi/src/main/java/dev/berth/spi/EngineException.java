package dev.berth.spi;

/** The one exception that crosses module edges: a message for the user and the kind of failure. */
public class EngineException extends RuntimeException {
    private final ErrorKind kind;

    public EngineException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public EngineException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    public static EngineException notFound(String message) {
        return new EngineException(ErrorKind.NOT_FOUND, message);
    }

    public static EngineException conflict(String message) {
        return new EngineException(ErrorKind.CONFLICT, message);
    }

    public static EngineException invalid(String message) {
        return new EngineException(ErrorKind.INVALID_ARGUMENT, message);
    }

    public static EngineException unavailable(String message, Throwable cause) {
        return new EngineException(ErrorKind.UNAVAILABLE, message, cause);
    }

    public static EngineException internal(String message, Throwable cause) {
        return new EngineException(ErrorKind.INTERNAL, message, cause);
    }
}
