package dev.berth.persistence.container;

import dev.berth.spi.EngineException;
import java.util.Set;

/** {@code --ipc}, {@code --pid}, {@code --uts}: the forms Berth runs; joining another container's is not there yet. */
final class Namespaces {
    private static final Set<String> IPC = Set.of("private", "shareable", "host");

    private Namespaces() {}

    static void check(String ipcMode, String pidMode, String utsMode) {
        if (!IPC.contains(ipcMode)) {
            throw unsupportedOrInvalid("IpcMode", ipcMode, ipcMode.equals("none") || ipcMode.startsWith("container:"),
                    "invalid IPC mode: ");
        }
        if (!pidMode.isEmpty() && !pidMode.equals("host")) {
            throw unsupportedOrInvalid("PidMode", pidMode, pidMode.startsWith("container:"), "invalid PID mode: ");
        }
        if (!utsMode.isEmpty() && !utsMode.equals("host")) {
            throw EngineException.invalid("invalid UTS mode: " + utsMode);
        }
    }

    private static EngineException unsupportedOrInvalid(String field, String mode, boolean dockerHasIt, String invalid) {
        return EngineException.invalid(dockerHasIt
                ? "HostConfig." + field + " \"" + mode + "\" is not supported by Berth yet"
                : invalid + mode);
    }
}
