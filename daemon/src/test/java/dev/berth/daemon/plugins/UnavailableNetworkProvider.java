package dev.berth.daemon.plugins;

import dev.berth.spi.DriverContext;
import dev.berth.spi.EngineException;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkProvider;

/** Test driver {@code unavailable}: says, as the SPI asks, why it cannot run here. */
public final class UnavailableNetworkProvider implements NetworkProvider {
    public static final String REASON = "unavailable network driver: needs a frobnicator";

    @Override
    public String name() {
        return "unavailable";
    }

    @Override
    public NetworkDriver create(DriverContext context) {
        throw EngineException.unavailable(REASON, null);
    }
}
