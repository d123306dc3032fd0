package dev.berth.cli.cmd;

import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code logout}: forgets the stored credentials for a registry (no daemon call, as in docker). */
@Command(name = "logout", description = "Log out from a registry")
public final class LogoutCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER")
    String server;

    @Override
    protected int run() throws IOException {
        String address = server == null || server.isEmpty() ? Credentials.DOCKER_HUB : server;
        if (new Credentials(ctx().env()).remove(address)) {
            out().println("Removing login credentials for " + address);
        } else {
            out().println("Not logged in to " + address);
        }
        return 0;
    }
}
