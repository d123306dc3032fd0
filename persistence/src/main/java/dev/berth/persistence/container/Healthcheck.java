package dev.berth.persistence.container;

import dev.berth.spi.EngineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's health check (Docker's {@code Config.Healthcheck}), journaled in {@link ContainerConfig}
 * after the image's check was merged in. Durations are nanoseconds as on Docker's wire; 0 means "the
 * default" (or "inherit" before the merge), and so does an empty {@code test}.
 *
 * @param test {@code ["NONE"]}, {@code ["CMD", argv…]}, {@code ["CMD-SHELL", command]}, or empty to inherit
 */
public record Healthcheck(List<String> test, long interval, long timeout, long startPeriod, long startInterval,
                          long retries) {
    // dockerd's MinimumDuration for every duration that is set, and its defaults (daemon/health.go)
    static final long MINIMUM = Duration.ofMillis(1).toNanos();
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
    static final long DEFAULT_RETRIES = 3;

    public Healthcheck {
        test = test == null ? List.of() : List.copyOf(test);
        atLeastMinimum("Interval", interval);
        atLeastMinimum("Timeout", timeout);
        if (retries < 0) {
            throw EngineException.invalid("Retries in Healthcheck cannot be negative");
        }
        atLeastMinimum("StartPeriod", startPeriod);
        atLeastMinimum("StartInterval", startInterval);
    }

    private static void atLeastMinimum(String field, long nanos) {
        if (nanos != 0 && nanos < MINIMUM) {
            throw EngineException.invalid(field + " in Healthcheck cannot be less than 1ms");
        }
    }

    /**
     * dockerd's merge of the container's check over the image's: no container check takes the
     * image's; otherwise each unset part (empty test, zero duration or retries) comes from the image.
     */
    public static Healthcheck merge(Healthcheck user, Healthcheck image) {
        if (image == null) {
            return user;
        }
        if (user == null) {
            return image;
        }
        return new Healthcheck(user.test.isEmpty() ? image.test : user.test,
                user.interval == 0 ? image.interval : user.interval,
                user.timeout == 0 ? image.timeout : user.timeout,
                user.startPeriod == 0 ? image.startPeriod : user.startPeriod,
                user.startInterval == 0 ? image.startInterval : user.startInterval,
                user.retries == 0 ? image.retries : user.retries);
    }

    /** Whether probes run: a CMD or CMD-SHELL test (NONE, empty or an unknown kind runs none, as in dockerd). */
    public boolean probes() {
        return !test.isEmpty() && (test.get(0).equals("CMD") || test.get(0).equals("CMD-SHELL"));
    }

    /** The probe's argv: CMD's arguments, or CMD-SHELL's command under {@code /bin/sh -c}. */
    public List<String> command() {
        if (!probes()) {
            throw new IllegalStateException("no probe command in " + test);
        }
        List<String> args = test.subList(1, test.size());
        if (test.get(0).equals("CMD")) {
            return args;
        }
        var argv = new ArrayList<>(List.of("/bin/sh", "-c"));
        argv.addAll(args);
        return List.copyOf(argv);
    }

    public Duration intervalOrDefault() {
        return interval == 0 ? DEFAULT_INTERVAL : Duration.ofNanos(interval);
    }

    public Duration timeoutOrDefault() {
        return timeout == 0 ? DEFAULT_TIMEOUT : Duration.ofNanos(timeout);
    }

    public Duration startPeriodOrDefault() {
        return Duration.ofNanos(startPeriod);
    }

    public Duration startIntervalOrDefault() {
        return startInterval == 0 ? DEFAULT_START_INTERVAL : Duration.ofNanos(startInterval);
    }

    public long retriesOrDefault() {
        return retries <= 0 ? DEFAULT_RETRIES : retries;
    }
}
