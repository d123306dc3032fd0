package dev.berth.cli.machine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The host's ssh client, logged in as the guest's root with the machine's own key. */
final class SshArgs {
    private SshArgs() {}

    static List<String> argv(Machine m, List<String> command) throws IOException {
        List<String> a = new ArrayList<>(List.of("ssh", "-i", m.dir.resolve(Machine.KEY).toString(),
                "-p", Integer.toString(m.sshPort()),
                // the guest makes new host keys on each machine's first boot and is only on loopback
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "ConnectTimeout=10", "root@127.0.0.1"));
        a.addAll(command);
        return a;
    }
}
