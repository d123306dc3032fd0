package dev.berth.daemon;

import dev.berth.spi.DriverContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code berthd-net-cleanup DATA_ROOT EXEC_ROOT}: removes the bridges and iptables chains a stopped
 * berthd with these roots made, and the links its macvlan networks made (their parents). berthd leaves them in place when it stops (containers may still run
 * and the journal says they exist); this is for when its data root is being thrown away.
 */
public final class NetworkCleanup {
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: berthd-net-cleanup DATA_ROOT EXEC_ROOT");
            System.exit(2);
        }
        var context = new DriverContext(Path.of(args[0]).toAbsolutePath(), Path.of(args[1]).toAbsolutePath(), Map.of());
        var plugins = new Plugins(DaemonOptions.defaultPluginDir(context.dataRoot()));
        for (String name : List.of("bridge", "macvlan")) {
            try (var driver = plugins.network(name, context)) {
                driver.restore(List.of(), List.of());
            }
        }
    }

    private NetworkCleanup() {}
}
