package dev.berth.spi;

/**
 * What went wrong, in the terms a client can act on. The API maps each kind to one HTTP status in a
 * single switch; nothing else decides status codes.
 */
public enum ErrorKind {
    /** Bad input: 400. */
    INVALID_ARGUMENT,
    /** No such object: 404. */
    NOT_FOUND,
    /** The object's state or a name forbids it: 409. */
    CONFLICT,
    /** Credentials missing or wrong: 401. */
    UNAUTHORIZED,
    /** Not allowed: 403. */
    FORBIDDEN,
    /** Nothing to do (start of a running container): 304. */
    NOT_MODIFIED,
    /** A dependency (runtime, registry, disk) cannot serve now: 503. */
    UNAVAILABLE,
    /** Not built yet: 501. */
    NOT_IMPLEMENTED,
    /** Our fault: 500. */
    INTERNAL
}
