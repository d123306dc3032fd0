package dev.berth.api.backend;

import dev.berth.api.model.ContainerStatsResponse;

/** Where {@link ContainerBackend#stats} sends its samples. */
public interface StatsSink {
    /** One sample; false when the client is gone (the producer stops). */
    boolean sample(ContainerStatsResponse stats);

    /** No more samples. Called exactly once. */
    void end();
}
