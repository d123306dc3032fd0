package dev.berth.api.backend;

import java.time.Instant;

/**
 * GET /containers/{id}/logs query, parsed.
 *
 * @param tail   lines from the end; -1 = all
 * @param since  null = from the start
 * @param until  null = no end
 * @param details each line after its json-file attributes ({@code k=v,k2=v2 }), as dockerd's {@code details}
 */
public record LogOptions(boolean stdout, boolean stderr, boolean follow, boolean timestamps, int tail,
                         Instant since, Instant until, boolean details) {
    public LogOptions(boolean stdout, boolean stderr, boolean follow, boolean timestamps, int tail,
                      Instant since, Instant until) {
        this(stdout, stderr, follow, timestamps, tail, since, until, false);
    }
}
