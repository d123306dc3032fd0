package dev.berth.driver.bridge;

import dev.berth.spi.DriverContext;
import dev.berth.spi.EngineException;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code bridge} network driver: Linux bridges, veths, iptables, an embedded DNS per user network. */
public final class BridgeNetworkProvider implements NetworkProvider {

    static final List<String> COMMANDS = List.of("ip", "iptables", "iptables-restore", "nsenter");

    @Override
    public String name() {
        return "bridge";
    }

    @Override
    public NetworkDriver create(DriverContext context) {
        String missing = unavailableReason();
        if (missing != null) {
            throw EngineException.unavailable("bridge network driver unavailable: " + missing, null);
        }
        return new BridgeNetworkDriver(context);
    }

    /** Why the driver cannot run here, or null when it can. */
    static String unavailableReason() {
        if (!isRoot()) {
            return "needs root (CAP_NET_ADMIN) to manage bridges and iptables";
        }
        for (String cmd : COMMANDS) {
            if (Commands.find(cmd).isEmpty()) {
                return "command not found: " + cmd;
            }
        }
        return null;
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return false;
    }
}
