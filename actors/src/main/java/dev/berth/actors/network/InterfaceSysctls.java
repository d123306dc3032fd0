package dev.berth.actors.network;

import dev.berth.spi.EngineException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An endpoint's {@code com.docker.network.endpoint.sysctls} ({@code net.X.Y.IFNAME.Z=V}, comma-separated, checked at
 * create), set on its interface inside the container's network namespace once the driver has put it there:
 * {@code /proc/sys/net/X/Y/<interface>/Z} written from a process in that namespace ({@code nsenter --net}), which is
 * the namespace {@code /proc/sys/net} shows.
 */
final class InterfaceSysctls {
    private InterfaceSysctls() {}

    static void apply(Path netns, String interfaceName, String sysctls) {
        if (sysctls == null || sysctls.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("sh", "-c",
                "while [ $# -gt 0 ]; do printf '%s' \"$2\" > \"$1\" || exit 1; shift 2; done", "sh"));
        for (String sysctl : sysctls.split(",")) {
            int eq = sysctl.indexOf('=');
            String[] name = sysctl.substring(0, eq).split("\\.", 5);
            cmd.add("/proc/sys/net/" + name[1] + "/" + name[2] + "/" + interfaceName + "/" + name[4].replace('.', '/'));
            cmd.add(sysctl.substring(eq + 1));
        }
        Routes.Result r = Routes.inNamespace(netns, cmd, "", "setting the sysctls of " + interfaceName);
        if (r.exitCode() != 0) {
            throw EngineException.invalid("failed to set the sysctls of " + interfaceName + " (" + sysctls + "): "
                    + r.output());
        }
    }
}
