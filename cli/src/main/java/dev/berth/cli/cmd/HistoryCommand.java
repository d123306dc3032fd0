package dev.berth.cli.cmd;

import dev.berth.cli.format.TabWriter;
import dev.berth.cli.format.Units;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code history IMAGE}: GET /images/{name}/history as docker's table (the image's layers).
 * {@code history --events OBJECT} (Berth): the journaled events of a container, image, network or volume,
 * also a removed one by id, from GET /berth/history/{type}/{ref}; see {@link ObjectHistory}.
 */
@Command(name = "history", description = "Show the history of an image (--events: any object's journaled events)")
public final class HistoryCommand extends BaseCommand {
    @Option(names = "--events", description = "List the object's events (who, when, journal offset) instead of an image's layers")
    boolean events;

    @Option(names = "--type", description = "With --events: only look for this type of object (container, image, network, volume)")
    String type;

    @Option(names = "--format", description = "With --events: \"json\" (one event per line) or a Go template")
    String format;

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
        if (events) {
            return new ObjectHistory(client(), out(), err(), ctx().clock()).print(type, image, format, noTrunc);
        }
        if (type != null || format != null) {
            throw new UsageException("--type and --format need --events");
        }
        Object items = client().get("/images/" + Query.seg(image) + "/history" + Query.of()
                .addIfPresent("platform", PlatformArg.jsonOrNull(platform)));
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
