package dev.berth.api.backend;

import java.time.Instant;

/**
 * GET /containers/{id}/logs query, parsed.
 *
 * @param tail   lines from the end; -1 = all
 * @param since  null = from the start
 * @param until  null = no end
 */
public record LogOptions(boolean stdout, boolean stderr, boolean follow, boolean timestamps, int tail,
                         Instant since, Instant until) {}
