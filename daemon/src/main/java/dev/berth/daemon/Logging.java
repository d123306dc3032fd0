package dev.berth.daemon;

import org.slf4j.event.Level;

/** Sets the daemon's log level from dockerd's names (logs go to stderr: {@link StderrLogging}). */
final class Logging {
    static void configure(String level) {
        StderrLogging.level(switch (level.toLowerCase()) {
            case "debug", "trace" -> Level.DEBUG;
            case "warn", "warning" -> Level.WARN;
            case "error", "fatal", "panic" -> Level.ERROR;
            case "info" -> Level.INFO;
            default -> throw new IllegalArgumentException("unable to parse logging level: " + level);
        });
    }

    private Logging() {}
}
