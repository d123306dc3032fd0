package dev.berth.persistence.container;

import dev.berth.spi.EngineException;
import java.util.Map;
import java.util.Set;

/**
 * Docker's rule for {@code --sysctl}: only parameters of the container's own namespaces — IPC
 * ({@code kernel.msg*}, {@code kernel.sem}, {@code kernel.shm*}, {@code fs.mqueue.*}) and, unless it
 * shares the host's, network ({@code net.*}). Anything else would change the host. The wording is
 * runc's, which is what dockerd answers when the container starts; Berth answers it at create, so
 * nothing is made that cannot start.
 */
final class Sysctls {
    private static final Set<String> IPC = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
            "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

    private Sysctls() {}

    static void check(Map<String, String> sysctls, String networkMode, String ipcMode) {
        for (String name : sysctls.keySet()) {
            if (IPC.contains(name) || name.startsWith("fs.mqueue.")) {
                if (ipcMode.equals("host")) {
                    throw EngineException.invalid("sysctl \"" + name + "\" is not allowed in the hosts ipc namespace");
                }
                continue;
            }
            if (name.startsWith("net.")) {
                if (networkMode.equals("host")) {
                    throw EngineException.invalid("sysctl \"" + name + "\" is not allowed in the hosts network namespace");
                }
                continue;
            }
            throw EngineException.invalid("sysctl \"" + name + "\" is not in a separate kernel namespace");
        }
    }
}
