package dev.berth.cli.cmd;

import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code diff}: GET /containers/{id}/changes as docker prints it, {@code A|C|D path} per line. */
@Command(name = "diff", description = "Inspect changes to files or directories on a container's filesystem")
public final class DiffCommand extends BaseCommand {
    private static final String[] KINDS = {"C", "A", "D"};

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    protected int run() throws IOException {
        for (Object change : Json.list(client().get("/containers/" + Query.seg(container) + "/changes"))) {
            Object kind = Json.path(change, "Kind");
            int k = kind instanceof Number n ? n.intValue() : 0;
            out().println((k >= 0 && k < KINDS.length ? KINDS[k] : "?") + " " + Json.str(change, "Path"));
        }
        return 0;
    }
}
