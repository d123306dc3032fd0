package dev.berth.driver.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a netns file is still a live namespace (a bind mount), not a leftover empty file. */
final class Netns {

    private Netns() {
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
