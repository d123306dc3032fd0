package dev.berth.persistence.container;

import dev.berth.spi.EngineException;
import java.util.Set;

/**
 * {@code --ipc}, {@code --pid}, {@code --uts}: the forms Berth runs. {@code container:NAME} is checked for its
 * form only, as dockerd does: the container it names is looked up when this one starts.
 */
final class Namespaces {
    private static final Set<String> IPC = Set.of("private", "shareable", "host", "none");
    private static final String CONTAINER = "container:";

    private Namespaces() {}

    static void check(String ipcMode, String pidMode, String utsMode) {
        if (!IPC.contains(ipcMode) && !joins(ipcMode)) {
            throw EngineException.invalid("invalid IPC mode: " + ipcMode);
        }
        if (!pidMode.isEmpty() && !pidMode.equals("host") && !joins(pidMode)) {
            throw EngineException.invalid("invalid PID mode: " + pidMode);
        }
        if (!utsMode.isEmpty() && !utsMode.equals("host")) {
            throw EngineException.invalid("invalid UTS mode: " + utsMode);
        }
    }

    /** {@code --cgroupns}: "" (the default), host or private. */
    static void checkCgroupns(String mode) {
        if (!mode.isEmpty() && !mode.equals("host") && !mode.equals("private")) {
            throw EngineException.invalid("invalid cgroup namespace mode: " + mode);
        }
    }

    /** {@code container:NAME} with a name. */
    private static boolean joins(String mode) {
        return mode.startsWith(CONTAINER) && mode.length() > CONTAINER.length();
    }
}
