package dev.berth.cli.cmd;

import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code network prune}: POST /networks/prune?filters=…, after asking unless -f. */
@Command(name = "prune", description = "Remove all unused networks")
public final class NetworkPruneCommand extends BaseCommand {
    static final String WARNING = "WARNING! This will remove all custom networks not used by at least one container.\n"
            + "Are you sure you want to continue? [y/N] ";

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--filter", description = "Provide filter values (e.g. \"until=<timestamp>\")")
    List<String> filters = new ArrayList<>();

    @Override
    protected int run() throws IOException {
        if (!force) {
            if (!confirmed(WARNING)) {
                return 0;
            }
        }
        prune(client(), filters, out());
        return 0;
    }

    /** The request and its "Deleted Networks:" list (then a blank line), as {@code system prune} prints it too. */
    static void prune(DockerClient client, List<String> filters, PrintStream out) throws IOException {
        Object r = client.post("/networks/prune" + Query.of().add("filters", Filters.encode(filters, "--filter")), null);
        List<Object> deleted = Json.list(Json.path(r, "NetworksDeleted"));
        if (!deleted.isEmpty()) {
            StringBuilder sb = new StringBuilder("Deleted Networks:\n");
            for (Object n : deleted) sb.append(n).append('\n');
            out.println(sb);
        }
    }
}
