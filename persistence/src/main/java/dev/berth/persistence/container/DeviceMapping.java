package dev.berth.persistence.container;

import dev.berth.spi.EngineException;
import java.util.regex.Pattern;

/**
 * One {@code --device /dev/x[:/dev/y][:rwm]} (Docker's {@code HostConfig.Devices} entry): a host device
 * node, or a directory of them, made in the container at {@code pathInContainer} and allowed by the
 * devices cgroup with {@code cgroupPermissions}. Whether the host has it is checked at create and again
 * at each start, where the runtime reads its major and minor numbers.
 *
 * @param pathOnHost        absolute path of the node (or directory) on the host
 * @param pathInContainer   where it appears in the container; "" means the same path
 * @param cgroupPermissions some of {@code r}, {@code w} and {@code m}; "" means {@code rwm}
 */
public record DeviceMapping(String pathOnHost, String pathInContainer, String cgroupPermissions) {
    private static final Pattern PERMISSIONS = Pattern.compile("[rwm]{1,3}");

    public DeviceMapping {
        pathOnHost = pathOnHost == null ? "" : pathOnHost;
        if (!pathOnHost.startsWith("/")) {
            // the docker CLI's words for the same mistake in --device
            throw EngineException.invalid(pathOnHost + " is not an absolute path");
        }
        pathInContainer = pathInContainer == null || pathInContainer.isEmpty() ? pathOnHost : pathInContainer;
        if (!pathInContainer.startsWith("/")) {
            throw EngineException.invalid(pathInContainer + " is not an absolute path");
        }
        cgroupPermissions = cgroupPermissions == null || cgroupPermissions.isEmpty() ? "rwm" : cgroupPermissions;
        if (!PERMISSIONS.matcher(cgroupPermissions).matches()) {
            throw EngineException.invalid("bad mode specified: " + cgroupPermissions);
        }
    }
}
