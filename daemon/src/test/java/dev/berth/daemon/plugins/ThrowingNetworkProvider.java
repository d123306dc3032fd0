package dev.berth.daemon.plugins;

import dev.berth.spi.DriverContext;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkProvider;

/** Test driver {@code broken}: its provider loads and names itself, and throws when asked for a driver. */
public final class ThrowingNetworkProvider implements NetworkProvider {
    public static final String NAME = "broken";
    public static final String REASON = "no carrier on this test host";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NetworkDriver create(DriverContext context) {
        throw new IllegalStateException(REASON);
    }
}
