package dev.berth.daemon.sinks;

import java.time.Instant;

/**
 * One sink's standing, for {@code GET /info} and the metrics.
 *
 * @param cursor      the last acknowledged position ({@code OFFSET.INDEX}, {@code 0} before the first)
 * @param lag         events read from the journal and not yet acknowledged; while the sink is too far
 *                    behind to buffer, the journal entries after what it buffered are added
 * @param delivered   events acknowledged since berthd started
 * @param failures    failed or timed-out calls since berthd started
 * @param lastError   the last failure's message while the sink has not succeeded since; null when healthy
 * @param lastErrorAt when it happened; null with it
 */
public record SinkStatus(String name, String type, String cursor, long lag, long delivered, long failures,
                         String lastError, Instant lastErrorAt) {
}
