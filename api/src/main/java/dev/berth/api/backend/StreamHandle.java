package dev.berth.api.backend;

/** Stops a stream the backend is producing. Idempotent. */
@FunctionalInterface
public interface StreamHandle extends AutoCloseable {
    @Override
    void close();
}
