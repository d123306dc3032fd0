package dev.berth.spi.lookup;

import dev.berth.spi.DriverContext;

/**
 * Registered in {@code META-INF/services/dev.berth.spi.lookup.DriverLookupProvider}; the daemon makes
 * every one it finds once at start-up and asks them, in the order found, for driver names its own
 * drivers do not have.
 */
public interface DriverLookupProvider {
    /** A short name for logs and {@code docker info}'s warnings, e.g. {@code docker-plugins}. */
    String name();

    /**
     * Makes the lookup for this daemon. Must be cheap and must not wait for any plugin: plugins are
     * looked for when first named.
     *
     * @throws dev.berth.spi.EngineException UNAVAILABLE, with the reason, when it cannot run here
     */
    DriverLookup create(DriverContext context);
}
