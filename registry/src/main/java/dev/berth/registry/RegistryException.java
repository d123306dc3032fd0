package dev.berth.registry;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;

/**
 * An error response from a registry, worded as Docker words it ({@code manifest unknown: manifest
 * unknown}, {@code unauthorized: authentication required}). Operations may reword it for their
 * context (a pull's "manifest for busybox:x not found").
 *
 * @see RegistryErrors
 */
public final class RegistryException extends EngineException {
    private final int status;
    private final String code;

    RegistryException(ErrorKind kind, String message, int status, String code) {
        super(kind, message);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status, or 0 when no response came. */
    public int status() {
        return status;
    }

    /** The registry's error code ({@code MANIFEST_UNKNOWN}, …), or null. */
    public String code() {
        return code;
    }
}
