package dev.berth.actors.container;

import dev.berth.persistence.container.BindMount.ReadOnlyDepth;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.RuntimeDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A read-only mount's option, as dockerd (25+) picks it: {@code rro} (the mount and every mount under it
 * read-only, through {@code mount_setattr}) where the kernel (5.12+) and the container's runtime (its
 * {@code features} list {@code rro}) can do it, else {@code ro} (the mount itself only), unless the mount
 * asks for one of them ({@link ReadOnlyDepth}).
 */
final class RecursiveReadOnly {
    private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)");
    private static final String KERNEL_TOO_OLD = kernelTooOld(readRelease());

    private final RuntimeDriver runtime;

    RecursiveReadOnly(RuntimeDriver runtime) {
        this.runtime = runtime;
    }

    /**
     * The option of a read-only mount of container {@code id} (which runs on {@code runtimeName}).
     *
     * @throws EngineException when the mount must be recursively read-only and cannot be, with the reason
     */
    String option(String id, String runtimeName, ReadOnlyDepth depth) {
        if (depth == ReadOnlyDepth.NON_RECURSIVE) {
            return "ro";
        }
        String unsupported = unsupported(id, runtimeName);
        if (unsupported == null) {
            return "rro";
        }
        if (depth == ReadOnlyDepth.RECURSIVE) {
            throw EngineException.internal(unsupported, null);
        }
        return "ro";
    }

    /** Why {@code rro} cannot be used for the container, or null when it can (dockerd's wording). */
    private String unsupported(String id, String runtimeName) {
        if (KERNEL_TOO_OLD != null) {
            return KERNEL_TOO_OLD;
        }
        var options = runtime.mountOptions(id);
        if (options.isEmpty()) {
            return "rro is not supported by runtime \"" + runtimeName + "\": OCI features struct is not available";
        }
        return options.contains("rro") ? null : "rro is not supported by runtime \"" + runtimeName + "\"";
    }

    /** The reason a kernel release cannot make recursive read-only mounts (older than 5.12), or null. */
    static String kernelTooOld(String release) {
        Matcher m = RELEASE.matcher(release == null ? "" : release);
        if (m.find()) {
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2));
            if (major > 5 || (major == 5 && minor >= 12)) {
                return null;
            }
        }
        return "rro is not supported: kernel " + release + " has no mount_setattr (kernel is older than 5.12?)";
    }

    private static String readRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
