package dev.berth.api.backend;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;

/**
 * A build step that failed with a status, as dockerd's classic builder reports a RUN that exited
 * non-zero: the stream's {@code errorDetail} carries the code, and the docker CLI exits with it.
 */
public final class BuildFailedException extends EngineException {
    private final int code;

    public BuildFailedException(String message, int code) {
        super(ErrorKind.INVALID_ARGUMENT, message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
