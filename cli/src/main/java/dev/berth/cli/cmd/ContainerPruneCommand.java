package dev.berth.cli.cmd;

import dev.berth.cli.format.Units;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code container prune}: POST /containers/prune?filters=…. */
@Command(name = "prune", description = "Remove all stopped containers")
public final class ContainerPruneCommand extends BaseCommand {
    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--filter", description = "Provide filter values (e.g. \"until=<timestamp>\")")
    List<String> filters = new ArrayList<>();

    @Override
    protected int run() throws IOException {
        if (!force) {
            if (!confirmed("WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ")) {
                return 0;
            }
        }
        long reclaimed = prune(client(), filters, out());
        out().println("Total reclaimed space: " + Units.humanSize(reclaimed));
        return 0;
    }

    /** The request and its "Deleted Containers:" list (then a blank line), as {@code system prune} prints it too; the space reclaimed. */
    static long prune(DockerClient client, List<String> filters, PrintStream out) throws IOException {
        Object r = client.post("/containers/prune" + Query.of().add("filters", Filters.encode(filters, "--filter")), null);
        List<Object> deleted = Json.list(Json.path(r, "ContainersDeleted"));
        if (deleted.isEmpty()) return 0;
        out.println("Deleted Containers:");
        for (Object id : deleted) out.println(id);
        out.println();
        return Json.num(r, "SpaceReclaimed");
    }
}
