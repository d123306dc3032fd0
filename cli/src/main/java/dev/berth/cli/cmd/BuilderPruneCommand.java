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

/**
 * {@code builder prune}: POST /build/prune?all=1&filters=…, after asking unless -f. {@code --keep-storage}
 * is sent as the docker CLI sends it; berthd refuses it by name rather than keeping nothing.
 */
@Command(name = "prune", description = "Remove build cache")
public final class BuilderPruneCommand extends BaseCommand {
    @Option(names = {"-a", "--all"}, description = "Remove all unused build cache, not just dangling ones")
    boolean all;

    @Option(names = "--filter", description = "Provide filter values (e.g. \"until=24h\")")
    List<String> filters = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--keep-storage", paramLabel = "bytes", description = "Amount of disk space to keep for cache")
    String keepStorage;

    @Override
    protected int run() throws IOException {
        long keep = keepStorage == null ? 0 : UsageException.size(keepStorage, "--keep-storage");
        Filters.encode(filters, "--filter");
        if (!force) {
            if (!confirmed("WARNING! This will remove " + (all ? "all" : "all dangling")
                    + " build cache. Are you sure you want to continue? [y/N] ")) {
                return 0;
            }
        }
        long reclaimed = prune(client(), all, filters, keep, out());
        out().println("Total reclaimed space: " + Units.humanSize(reclaimed));
        return 0;
    }

    /** The request and its "Deleted build cache objects:" list (then a blank line), as {@code system prune} prints it too; the space reclaimed. */
    static long prune(DockerClient client, boolean all, List<String> filters, long keepStorage, PrintStream out)
            throws IOException {
        Query q = Query.of();
        if (all) q.add("all", "1");
        if (keepStorage != 0) q.add("keep-storage", Long.toString(keepStorage));
        q.add("filters", Filters.encode(filters, "--filter"));
        Object r = client.post("/build/prune" + q, null);
        List<Object> deleted = Json.list(Json.path(r, "CachesDeleted"));
        if (deleted.isEmpty()) return Json.num(r, "SpaceReclaimed");
        out.println("Deleted build cache objects:");
        for (Object id : deleted) out.println(id);
        out.println();
        return Json.num(r, "SpaceReclaimed");
    }
}
