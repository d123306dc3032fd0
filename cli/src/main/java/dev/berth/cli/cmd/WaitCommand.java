package dev.berth.cli.cmd;

import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code wait}: POST /containers/{id}/wait, prints each StatusCode. */
@Command(name = "wait", description = "Block until one or more containers stop, then print their exit codes")
public final class WaitCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    protected int run() throws IOException {
        int rc = 0;
        for (String c : containers) {
            try {
                Object r = client().post("/containers/" + Query.seg(c) + "/wait", null);
                out().println(Json.num(r, "StatusCode"));
            } catch (DaemonException e) {
                err().println("Error response from daemon: " + e.getMessage());
                rc = 1;
            }
        }
        return rc;
    }
}
