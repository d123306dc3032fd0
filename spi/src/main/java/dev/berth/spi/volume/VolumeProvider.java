package dev.berth.spi.volume;

import dev.berth.spi.DriverContext;

/**
 * Registered in {@code META-INF/services/dev.berth.spi.volume.VolumeProvider}. The daemon finds
 * providers with {@link java.util.ServiceLoader} (its classpath and every jar in the plugin
 * directory) and creates one driver per provider.
 */
public interface VolumeProvider {
    /** The driver name users select with {@code docker volume create -d NAME}, e.g. {@code local}. */
    String name();

    /**
     * Creates the driver for this daemon. Two daemons with different data roots on one host get
     * drivers that never touch each other's volumes.
     *
     * @throws dev.berth.spi.EngineException UNAVAILABLE, with the reason, when it cannot run here; the
     *     daemon lists the reason in {@code docker info} instead of stopping
     */
    VolumeDriver create(DriverContext context);
}
