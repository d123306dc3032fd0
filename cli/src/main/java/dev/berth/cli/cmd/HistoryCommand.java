package dev.berth.cli.cmd;

import dev.berth.cli.format.TabWriter;
import dev.berth.cli.format.Units;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code history}: GET /images/{name}/history as docker's table. */
@Command(name = "history", description = "Show the history of an image")
public final class HistoryCommand extends BaseCommand {
    @Option(names = {"-H", "--human"}, arity = "0..1", description = "Print sizes and dates in human readable format (default true)")
    boolean human = true;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Option(names = "--platform", description = "Show history for the given platform")
    String platform;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Override
    protected int run() throws IOException {
        Object items = client().get("/images/" + Query.seg(image) + "/history" + Query.of().addIfPresent("platform", platform));
        StringBuilder sb = new StringBuilder(quiet ? "" : "IMAGE\tCREATED\tCREATED BY\tSIZE\tCOMMENT\n");
        for (Object item : Json.list(items)) {
            String id = Json.str(item, "Id");
            String shown = id.startsWith("sha256:") && !noTrunc ? Names.truncateId(id) : id;
            if (quiet) {
                sb.append(shown).append('\n');
                continue;
            }
            long created = Json.num(item, "Created");
            String createdBy = Json.str(item, "CreatedBy").replace("\t", " ").replace("\n", " ");
            if (!noTrunc) createdBy = Names.ellipsis(createdBy, 45);
            String size = human ? Units.humanSize(Json.num(item, "Size")) : Long.toString(Json.num(item, "Size"));
            String when = human ? GoTime.ago(created, ctx().clock()) : GoTime.nanoFixed(java.time.Instant.ofEpochSecond(created), ctx().clock());
            sb.append(shown).append('\t').append(when).append('\t').append(createdBy).append('\t').append(size)
                    .append('\t').append(Json.str(item, "Comment")).append('\n');
        }
        out().print(quiet ? sb : TabWriter.table(sb.toString()));
        return 0;
    }
}
