package dev.berth.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * berthd's own open files and threads, as dockerd reports its fds and goroutines in {@code /info}
 * under debug: what a leak would make grow.
 */
final class ProcessFacts {
    private ProcessFacts() {}

    static int openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            // the listing itself holds one open
            return (int) fds.count() - 1;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Every thread of the process (the JVM's own too), from the kernel's count. */
    static int threads() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring("Threads:".length()).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no /proc: 0, as when debug is off
        }
        return Thread.activeCount();
    }
}
