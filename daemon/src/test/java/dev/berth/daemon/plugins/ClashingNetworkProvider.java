package dev.berth.daemon.plugins;

import dev.berth.spi.DriverContext;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkProvider;

/** Test provider whose name another provider has already: the first one found keeps it. */
public final class ClashingNetworkProvider implements NetworkProvider {
    @Override
    public String name() {
        return RecordingNetworkProvider.NAME;
    }

    @Override
    public NetworkDriver create(DriverContext context) {
        throw new AssertionError("a clashing provider is never asked for a driver");
    }
}
