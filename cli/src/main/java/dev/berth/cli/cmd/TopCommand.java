package dev.berth.cli.cmd;

import dev.berth.cli.format.TabWriter;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code top}: the container's processes as the host's {@code ps} shows them, in docker's tab layout. */
@Command(name = "top", description = "Display the running processes of a container")
public final class TopCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    /** Everything after the container is ps's, options included (picocli would take {@code -o} as its own). */
    @Unmatched
    List<String> psArgs;

    @Override
    protected int run() throws IOException {
        Query q = Query.of().addIfPresent("ps_args", psArgs == null || psArgs.isEmpty() ? null : String.join(" ", psArgs));
        Object top = client().get("/containers/" + Query.seg(container) + "/top" + q);
        StringBuilder table = new StringBuilder(String.join("\t", Json.list(Json.map(top).get("Titles")).stream()
                .map(String::valueOf).toList())).append('\n');
        for (Object row : Json.list(Json.map(top).get("Processes"))) {
            table.append(String.join("\t", Json.list(row).stream().map(String::valueOf).toList())).append('\n');
        }
        out().print(TabWriter.table(table.toString()));
        return 0;
    }
}
