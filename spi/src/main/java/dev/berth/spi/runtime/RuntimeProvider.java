package dev.berth.spi.runtime;

import dev.berth.spi.DriverContext;

/**
 * Registered in {@code META-INF/services/dev.berth.spi.runtime.RuntimeProvider}. The daemon finds
 * providers with {@link java.util.ServiceLoader} and creates the one named in its configuration.
 */
public interface RuntimeProvider {
    /** The name users select it by, e.g. {@code runc}. */
    String name();

    /**
     * Creates the driver. Throws {@link dev.berth.spi.EngineException} of kind UNAVAILABLE, with the
     * reason, when it cannot run on this host (a binary missing, say); the daemon lists that reason
     * instead of stopping.
     */
    RuntimeDriver create(DriverContext context);
}
