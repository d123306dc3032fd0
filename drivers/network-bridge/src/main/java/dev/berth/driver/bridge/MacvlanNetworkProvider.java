package dev.berth.driver.bridge;

import dev.berth.spi.DriverContext;
import dev.berth.spi.EngineException;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkProvider;

/** The {@code macvlan} network driver (dockerd's built-in of that name): {@link MacvlanNetworkDriver}. */
public final class MacvlanNetworkProvider implements NetworkProvider {

    @Override
    public String name() {
        return "macvlan";
    }

    @Override
    public NetworkDriver create(DriverContext context) {
        if (!BridgeNetworkProvider.isRoot()) {
            throw EngineException.unavailable("macvlan network driver unavailable: needs root (CAP_NET_ADMIN)", null);
        }
        for (String cmd : java.util.List.of("ip", "nsenter")) {
            if (Commands.find(cmd).isEmpty()) {
                throw EngineException.unavailable("macvlan network driver unavailable: command not found: " + cmd, null);
            }
        }
        return new MacvlanNetworkDriver(context);
    }
}
