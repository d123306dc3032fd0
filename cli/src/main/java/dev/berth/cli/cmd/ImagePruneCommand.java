package dev.berth.cli.cmd;

import dev.berth.cli.format.Units;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code image prune}: POST /images/prune?filters=…; prints docker's Deleted Images list and the space. */
@Command(name = "prune", description = "Remove unused images")
public final class ImagePruneCommand extends BaseCommand {
    @Option(names = {"-a", "--all"}, description = "Remove all unused images, not just dangling ones")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--filter", description = "Provide filter values (e.g. \"until=<timestamp>\")")
    List<String> filters = new ArrayList<>();

    @Override
    protected int run() throws IOException {
        if (!force) {
            if (!confirmed((all ? "WARNING! This will remove all images without at least one container associated to them.\n"
                    : "WARNING! This will remove all dangling images.\n") + "Are you sure you want to continue? [y/N] ")) {
                return 0;
            }
        }
        out().println("Total reclaimed space: " + Units.humanSize(prune(client(), all, filters, out())));
        return 0;
    }

    /** The request (dangling images, or all unused with {@code all}) and its "Deleted Images:" list, as {@code system prune} prints it too; the space reclaimed. */
    static long prune(DockerClient client, boolean all, List<String> filters, PrintStream out) throws IOException {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("dangling", Map.of(all ? "false" : "true", true));
        for (String kv : filters) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new UsageException("invalid argument \"" + kv + "\" for \"--filter\" flag: bad format of filter (expected name=value)");
            f.put(kv.substring(0, eq), Map.of(kv.substring(eq + 1), true));
        }
        Object r = client.post("/images/prune" + Query.of().add("filters", Json.write(f)), null);
        Object deleted = Json.path(r, "ImagesDeleted");
        if (deleted != null && !Json.list(deleted).isEmpty()) {
            out.println("Deleted Images:");
            for (Object item : Json.list(deleted)) {
                String u = Json.str(item, "Untagged");
                String d = Json.str(item, "Deleted");
                out.println(!u.isEmpty() ? "untagged: " + u : "deleted: " + d);
            }
            out.println();
        }
        return Json.num(r, "SpaceReclaimed");
    }
}
