package dev.berth.engine;

import dev.berth.persistence.container.DeviceMapping;
import dev.berth.spi.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether this host has the {@code --device}s a create asks for. dockerd finds out only when the
 * container starts, with these words; Berth asks at create too, so a typo makes no container.
 */
final class HostDevices {
    private HostDevices() {}

    static void check(List<DeviceMapping> devices) {
        for (DeviceMapping d : devices) {
            Path p = Path.of(d.pathOnHost());
            String error = !Files.exists(p) ? "no such file or directory"
                    // a device node is neither a file nor a directory; a directory is searched for nodes at start
                    : Files.isRegularFile(p) ? "not a device node" : null;
            if (error != null) {
                throw EngineException.invalid("error gathering device information while adding custom device \""
                        + d.pathOnHost() + "\": " + error);
            }
        }
    }
}
