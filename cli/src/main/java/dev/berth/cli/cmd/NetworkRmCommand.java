package dev.berth.cli.cmd;

import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.Query;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code network rm}: DELETE /networks/{id} for each network, printing each name as given; a
 * failure is reported and the rest are still tried, then the exit status is 1.
 */
@Command(name = "rm", description = "Remove one or more networks")
public final class NetworkRmCommand extends BaseCommand {
    @Option(names = {"-f", "--force"}, description = "Do not error if the network does not exist")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "NETWORK")
    List<String> networks;

    @Override
    protected int run() throws IOException {
        int rc = 0;
        for (String n : networks) {
            try {
                client().delete("/networks/" + Query.seg(n));
            } catch (DaemonException e) {
                if (force && e.isNotFound()) continue;
                err().println("Error response from daemon: " + e.getMessage());
                rc = 1;
                continue;
            }
            out().println(n);
        }
        return rc;
    }
}
