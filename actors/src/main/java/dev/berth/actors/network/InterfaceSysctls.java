package dev.berth.actors.network;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + netns, "sh", "-c",
                "while [ $# -gt 0 ]; do printf '%s' \"$2\" > \"$1\" || exit 1; shift 2; done", "sh"));
        for (String sysctl : sysctls.split(",")) {
            int eq = sysctl.indexOf('=');
            String[] name = sysctl.substring(0, eq).split("\\.", 5);
            cmd.add("/proc/sys/net/" + name[1] + "/" + name[2] + "/" + interfaceName + "/" + name[4].replace('.', '/'));
            cmd.add(sysctl.substring(eq + 1));
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out;
            try (var o = p.getInputStream()) {
                out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw EngineException.unavailable("setting the sysctls of " + interfaceName + " timed out", null);
            }
            if (p.exitValue() != 0) {
                throw EngineException.invalid("failed to set the sysctls of " + interfaceName + " (" + sysctls + "): "
                        + out.strip());
            }
        } catch (IOException e) {
            throw EngineException.unavailable("cannot run nsenter: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.unavailable("interrupted while setting sysctls", e);
        }
    }
}
