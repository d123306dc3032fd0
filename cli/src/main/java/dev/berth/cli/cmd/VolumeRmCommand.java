package dev.berth.cli.cmd;

import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.Query;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code volume rm}: DELETE /volumes/{name}[?force=1] for each volume, printing each name as given; a
 * failure is reported and the rest are still tried, then the exit status is 1.
 */
@Command(name = "rm", description = "Remove one or more volumes")
public final class VolumeRmCommand extends BaseCommand {
    @Option(names = {"-f", "--force"}, description = "Force the removal of one or more volumes")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "VOLUME")
    List<String> volumes;

    @Override
    protected int run() throws IOException {
        int rc = 0;
        for (String v : volumes) {
            try {
                client().delete("/volumes/" + Query.seg(v) + Query.of().add("force", force ? "1" : null));
            } catch (DaemonException e) {
                err().println("Error response from daemon: " + e.getMessage());
                rc = 1;
                continue;
            }
            out().println(v);
        }
        return rc;
    }
}
