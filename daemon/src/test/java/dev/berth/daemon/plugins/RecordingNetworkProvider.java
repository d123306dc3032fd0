package dev.berth.daemon.plugins;

import dev.berth.spi.DriverContext;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkProvider;

/**
 * Test driver {@code recording}: wires nothing, writes each call to
 * {@code <exec-root>/recording-network.log}. Compiled against spi only, so an IT can put it in a
 * plugin jar.
 */
public final class RecordingNetworkProvider implements NetworkProvider {
    public static final String NAME = "recording";
    public static final String LOG = "recording-network.log";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NetworkDriver create(DriverContext context) {
        return new RecordingNetworkDriver(context.execRoot().resolve(LOG));
    }
}
