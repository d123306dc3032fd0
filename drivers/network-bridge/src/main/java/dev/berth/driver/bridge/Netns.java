package dev.berth.driver.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a netns file is still a live namespace (a bind mount), not a leftover empty file. */
final class Netns {

    private Netns() {
    }

    /** A join's preconditions: the network is one the driver knows, and the container's netns file is there. */
    static void requireJoinable(Object network, String networkId, Path netns) {
        if (network == null) {
            throw dev.berth.spi.EngineException.notFound("network " + networkId + " not found");
        }
        if (!Files.exists(netns)) {
            throw dev.berth.spi.EngineException.notFound("network namespace " + netns + " not found");
        }
    }

    static boolean mounted(Path file) {
        if (!Files.exists(file)) {
            return false;
        }
        String target = file.toAbsolutePath().normalize().toString();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && f[4].replace("\\040", " ").equals(target)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
