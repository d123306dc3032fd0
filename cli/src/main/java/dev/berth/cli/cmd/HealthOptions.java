package dev.berth.cli.cmd;

import dev.berth.cli.format.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code run}/{@code create}'s health flags, turned into Config.Healthcheck with the docker CLI's checks. */
public final class HealthOptions {
    @Option(names = "--health-cmd", description = "Command to run to check health")
    String cmd;

    @Option(names = "--health-interval", description = "Time between running the check (ms|s|m|h) (default 0s)")
    String interval;

    @Option(names = "--health-timeout", description = "Maximum time to allow one check to run (ms|s|m|h) (default 0s)")
    String timeout;

    @Option(names = "--health-start-period", description = "Start period for the container to initialize before "
            + "starting health-retries countdown (ms|s|m|h) (default 0s)")
    String startPeriod;

    @Option(names = "--health-start-interval", description = "Time between running the check during the start period "
            + "(ms|s|m|h) (default 0s)")
    String startInterval;

    @Option(names = "--health-retries", description = "Consecutive failures needed to report unhealthy")
    long retries;  // a Go int: 64 bits

    @Option(names = "--no-healthcheck", description = "Disable any container-specified HEALTHCHECK")
    boolean none;

    /** The body's Healthcheck, or null when no flag asks for one. */
    Map<String, Object> healthcheck() {
        long intervalNs = nanos("--health-interval", interval);
        long timeoutNs = nanos("--health-timeout", timeout);
        long startPeriodNs = nanos("--health-start-period", startPeriod);
        long startIntervalNs = nanos("--health-start-interval", startInterval);
        boolean any = (cmd != null && !cmd.isEmpty()) || intervalNs != 0 || timeoutNs != 0 || startPeriodNs != 0
                || retries != 0 || startIntervalNs != 0;
        Map<String, Object> h = new LinkedHashMap<>();
        if (none) {
            if (any) {
                throw new UsageException("--no-healthcheck conflicts with --health-* options");
            }
            h.put("Test", new ArrayList<Object>(List.of("NONE")));
            return h;
        }
        if (!any) {
            return null;
        }
        negative("--health-interval", intervalNs);
        negative("--health-timeout", timeoutNs);
        negative("--health-retries", retries);
        negative("--health-start-period", startPeriodNs);
        negative("--health-start-interval", startIntervalNs);
        if (cmd != null && !cmd.isEmpty()) {
            h.put("Test", new ArrayList<Object>(List.of("CMD-SHELL", cmd)));
        }
        h.put("Interval", intervalNs);
        h.put("Timeout", timeoutNs);
        h.put("StartPeriod", startPeriodNs);
        h.put("StartInterval", startIntervalNs);
        h.put("Retries", retries);
        return h;
    }

    private static void negative(String flag, long value) {
        if (value < 0) {
            throw new UsageException(flag + " cannot be negative");
        }
    }

    private static long nanos(String flag, String value) {
        if (value == null) {
            return 0;
        }
        Duration d = GoDuration.parse(value);
        if (d == null) {
            throw new UsageException("invalid argument \"" + value + "\" for \"" + flag + "\" flag: time: invalid duration \""
                    + value + "\"");
        }
        return d.toNanos();
    }
}
