package dev.berth.daemon.plugins;

import dev.berth.spi.DriverContext;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkProvider;

/** Test driver {@code fromjar}: listed only in a plugin jar's services file, never on the classpath's. */
public final class JarOnlyNetworkProvider implements NetworkProvider {
    @Override
    public String name() {
        return "fromjar";
    }

    @Override
    public NetworkDriver create(DriverContext context) {
        return new RecordingNetworkDriver(context.execRoot().resolve("fromjar.log"));
    }
}
