package dev.berth.spi.lookup;

import dev.berth.spi.authz.AuthorizationPlugin;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.volume.VolumeDriver;
import java.util.List;
import java.util.Optional;

/**
 * Drivers found by name at the moment they are first used, rather than made at start-up: dockerd's
 * legacy plugins (a unix socket or a spec file that appears while the daemon runs). The engine asks
 * for a name only when none of its own drivers has it.
 *
 * <p>Threading: called on request threads, concurrently; may block while the plugin is looked for
 * (bounded) and activated. Thread-safe. A driver found once is kept and answered again without a
 * new look-up, as dockerd keeps an activated plugin.
 *
 * <p>Failures: a name nothing answers to is {@link Optional#empty()} (the caller words "not found");
 * a plugin that is there but cannot be activated, or does not implement what was asked for, is an
 * {@link dev.berth.spi.EngineException} whose message names the plugin and says why.
 */
public interface DriverLookup extends AutoCloseable {

    /** The volume driver called {@code name} ({@code docker volume create -d NAME}), activated. */
    Optional<VolumeDriver> volumeDriver(String name);

    /**
     * As {@link #volumeDriver}, without waiting for a plugin that is not there yet and without
     * throwing: for reads (inspect's Mountpoint, {@code volume ls}) that must not hang on a plugin
     * that is gone.
     */
    default Optional<VolumeDriver> volumeDriverIfPresent(String name) {
        return Optional.empty();
    }

    /** The authorization plugin called {@code name} ({@code --authorization-plugin NAME}), activated. */
    Optional<AuthorizationPlugin> authorizationPlugin(String name);

    /**
     * The network driver called {@code name} ({@code docker network create -d NAME}), activated. Its
     * {@link NetworkDriver#restore} is not called: a driver found by name keeps its own state.
     */
    default Optional<NetworkDriver> networkDriver(String name) {
        return Optional.empty();
    }

    /** The network drivers found and activated so far ({@code docker info}'s Plugins.Network). */
    default List<String> activeNetworkDrivers() {
        return List.of();
    }

    /**
     * Whether {@code name} is a network driver this lookup knows of but Berth cannot drive: the
     * caller refuses it with this reason instead of "not found". Empty when it is no such driver.
     */
    default Optional<String> unsupportedNetworkDriver(String name) {
        return Optional.empty();
    }

    @Override
    default void close() {}

    /** Finds nothing: for an engine with only its own drivers. */
    DriverLookup NONE = new DriverLookup() {
        @Override
        public Optional<VolumeDriver> volumeDriver(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<AuthorizationPlugin> authorizationPlugin(String name) {
            return Optional.empty();
        }
    };
}
