package dev.berth.daemon;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * berthd's SLF4J provider (found through META-INF/services): every logger writes one line per event to
 * stderr ({@link StderrLogger}), journald picks them up under systemd. A logging framework was ~220 classes
 * in every daemon for this one appender (issue #17). The level is the daemon's {@code --log-level}
 * ({@link Logging}), INFO until it is set.
 */
public final class StderrLogging implements SLF4JServiceProvider {
    private static volatile Level level = Level.INFO;

    private final ILoggerFactory loggers = new Loggers();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();

    /** ServiceLoader makes it. */
    public StderrLogging() {}

    /** The lowest level written from now on, in every logger. */
    static void level(Level lowest) {
        level = lowest;
    }

    static Level level() {
        return level;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {}

    private static final class Loggers implements ILoggerFactory {
        private final Map<String, Logger> byName = new ConcurrentHashMap<>();

        @Override
        public Logger getLogger(String name) {
            return byName.computeIfAbsent(name, n -> new StderrLogger(n, System.err));
        }
    }
}
