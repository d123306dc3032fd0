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

/** {@code volume prune}: POST /volumes/prune?filters=… (with {@code all=true} for -a), after asking unless -f. */
@Command(name = "prune", description = "Remove unused local volumes")
public final class VolumePruneCommand extends BaseCommand {
    @Option(names = {"-a", "--all"}, description = "Remove all unused volumes, not just anonymous ones")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--filter", description = "Provide filter values (e.g. \"label=<label>\")")
    List<String> filters = new ArrayList<>();

    @Override
    protected int run() throws IOException {
        if (!force) {
            if (!confirmed("WARNING! This will remove " + (all ? "all" : "anonymous")
                    + " local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ")) {
                return 0;
            }
        }
        List<String> sent = new ArrayList<>(filters);
        if (all) sent.add("all=true");
        long reclaimed = prune(client(), sent, out());
        out().println("Total reclaimed space: " + Units.humanSize(reclaimed));
        return 0;
    }

    /** The request and its "Deleted Volumes:" list (then a blank line), as {@code system prune --volumes} prints it too; the space reclaimed. */
    static long prune(DockerClient client, List<String> filters, PrintStream out) throws IOException {
        Object r = client.post("/volumes/prune" + Query.of().add("filters", Filters.encode(filters, "--filter")), null);
        List<Object> deleted = Json.list(Json.path(r, "VolumesDeleted"));
        if (deleted.isEmpty()) return 0;
        out.println("Deleted Volumes:");
        for (Object name : deleted) out.println(name);
        out.println();
        return Json.num(r, "SpaceReclaimed");
    }
}
