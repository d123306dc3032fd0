package dev.berth.daemon.plugins;

import dev.berth.spi.DriverContext;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkProvider;

/** Test provider that claims {@code host}, a network the engine provides itself. */
public final class HostNamedNetworkProvider implements NetworkProvider {
    @Override
    public String name() {
        return "host";
    }

    @Override
    public NetworkDriver create(DriverContext context) {
        throw new AssertionError("a built-in name is never given to a provider");
    }
}
