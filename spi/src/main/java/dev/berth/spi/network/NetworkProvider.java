package dev.berth.spi.network;

import dev.berth.spi.DriverContext;

/**
 * Registered in {@code META-INF/services/dev.berth.spi.network.NetworkProvider}. The daemon finds
 * providers with {@link java.util.ServiceLoader} and creates one driver per provider it uses.
 */
public interface NetworkProvider {
    /** The driver name users select with {@code docker network create -d NAME}, e.g. {@code bridge}. */
    String name();

    /**
     * Creates the driver for this daemon. Two daemons with different {@link DriverContext#execRoot()}
     * on one host get drivers that never touch each other's host state.
     *
     * @throws dev.berth.spi.EngineException UNAVAILABLE, with the reason, when it cannot run here
     *     (not root, a command missing); the daemon lists the reason instead of stopping
     */
    NetworkDriver create(DriverContext context);
}
