package dev.berth.registry;

import java.time.Duration;

/**
 * How often and how long to retry a request that failed for a reason that may pass: connection
 * errors, 429 and 5xx. Backoff doubles from {@code initialBackoff} up to {@code maxBackoff}; a
 * {@code Retry-After} longer than {@code maxRetryAfter} is not waited for (the error is returned).
 *
 * @param maxAttempts total attempts including the first
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(8), Duration.ofSeconds(60));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts < 1");
        }
    }

    /** Wait before attempt {@code attempt + 1} (attempt counts from 1), absent a Retry-After. */
    Duration backoff(int attempt) {
        long ms = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }

    static boolean retryableStatus(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }
}
