package dev.berth.daemon.plugins;

import dev.berth.spi.DriverContext;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkProvider;

/** Test provider that cannot even be instantiated: ServiceLoader fails on it before it has a name. */
public final class UnloadableNetworkProvider implements NetworkProvider {
    public static final String REASON = "this provider cannot be instantiated";

    public UnloadableNetworkProvider() {
        throw new IllegalStateException(REASON);
    }

    @Override
    public String name() {
        return "unloadable";
    }

    @Override
    public NetworkDriver create(DriverContext context) {
        throw new AssertionError("never instantiated");
    }
}
