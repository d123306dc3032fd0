package dev.berth.persistence.container;

import dev.berth.persistence.BerthSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Docker's {@code State.Health}: the status, the failing streak and the last five probe results
 * (oldest first). Written beside the container after every probe ({@code containers/<id>/health.json})
 * so that it survives a daemon restart; its status transitions are also journaled as
 * {@link ContainerEvent.HealthChanged}. {@link #after} is dockerd's state machine, pure.
 */
public record ContainerHealth(HealthStatus status, int failingStreak, List<Probe> log) implements BerthSerializable {
    /** dockerd keeps this many results (maxLogEntries). */
    public static final int KEPT = 5;

    public ContainerHealth {
        Objects.requireNonNull(status, "status");
        log = log == null ? List.of() : List.copyOf(log);
    }

    /** A fresh run: starting, no failures, the previous runs' results kept (as dockerd does at each start). */
    public ContainerHealth restarted() {
        return new ContainerHealth(HealthStatus.STARTING, 0, log);
    }

    public static ContainerHealth starting() {
        return new ContainerHealth(HealthStatus.STARTING, 0, List.of());
    }

    /**
     * The health after {@code probe}: exit 0 is healthy and clears the streak; anything else counts as a
     * failure unless the container is still starting within its start period, and {@code retries}
     * failures in a row make it unhealthy.
     */
    public ContainerHealth after(Probe probe, Healthcheck check, Instant runStartedAt) {
        List<Probe> next = new ArrayList<>(log);
        next.add(probe);
        while (next.size() > KEPT) {
            next.remove(0);
        }
        if (probe.exitCode() == 0) {
            return new ContainerHealth(HealthStatus.HEALTHY, 0, next);
        }
        boolean inStartPeriod = status == HealthStatus.STARTING && runStartedAt != null
                && Duration.between(runStartedAt, probe.start()).compareTo(check.startPeriodOrDefault()) < 0;
        if (inStartPeriod) {
            return new ContainerHealth(status, failingStreak, next);
        }
        int streak = failingStreak + 1;
        return new ContainerHealth(streak >= check.retriesOrDefault() ? HealthStatus.UNHEALTHY : status, streak, next);
    }

    /**
     * One probe's result (Docker's {@code HealthcheckResult}).
     *
     * @param exitCode 0 healthy, other failed; -1 when it timed out or could not run
     * @param output   its stdout and stderr, at most 4096 bytes then "..."
     */
    public record Probe(Instant start, Instant end, int exitCode, String output) {
        public Probe {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            output = output == null ? "" : output;
        }
    }
}
