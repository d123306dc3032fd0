package dev.berth.spi.authz;

import dev.berth.spi.DriverContext;

/**
 * Registered in {@code META-INF/services/dev.berth.spi.authz.AuthorizationProvider}, found like the
 * drivers (the daemon's classpath and every jar in the plugin directory). A provider is only made when
 * {@code --authorization-plugin NAME} (daemon.json {@code authorization-plugins}) names it; a named
 * plugin that is missing or cannot be made stops the daemon's start: serving without the policy the
 * operator asked for would let in what it was meant to keep out.
 */
public interface AuthorizationProvider {
    /** The name {@code --authorization-plugin} selects, e.g. {@code no-privileged}. */
    String name();

    /**
     * Makes the plugin for this daemon, once, at start-up.
     *
     * @throws dev.berth.spi.EngineException UNAVAILABLE, with the reason, when it cannot run here
     */
    AuthorizationPlugin create(DriverContext context);
}
