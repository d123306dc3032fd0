package dev.berth.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Sets the root log level from dockerd's names (logs go to stderr; journald picks them up under systemd). */
final class Logging {
    static void configure(String level) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(switch (level.toLowerCase()) {
            case "debug", "trace" -> Level.DEBUG;
            case "warn", "warning" -> Level.WARN;
            case "error", "fatal", "panic" -> Level.ERROR;
            case "info" -> Level.INFO;
            default -> throw new IllegalArgumentException("unable to parse logging level: " + level);
        });
    }

    private Logging() {}
}
