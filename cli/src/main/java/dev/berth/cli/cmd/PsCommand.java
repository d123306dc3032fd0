package dev.berth.cli.cmd;

import dev.berth.cli.format.ListFormat;
import dev.berth.cli.format.Row;
import dev.berth.cli.format.TimeArg;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ps}: GET /containers/json. */
@Command(name = "ps", description = "List containers")
public final class PsCommand extends BaseCommand {
    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only display container IDs")
    boolean quiet;

    @Option(names = {"-n", "--last"}, defaultValue = "-1", description = "Show n last created containers (includes all states)")
    int last;

    @Option(names = {"-l", "--latest"}, description = "Show the latest created container (includes all states)")
    boolean latest;

    @Option(names = {"-s", "--size"}, description = "Display total file sizes")
    boolean size;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = {"-f", "--filter"}, description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", description = "Format output using a custom template")
    String format;

    @Option(names = "--at", description = "The containers that existed at this time, as they were then (Berth: RFC 3339, unix seconds or a duration ago)")
    String at;

    @Override
    protected int run() throws IOException {
        int limit = latest ? 1 : last;
        String fmt = format == null || format.isEmpty() || format.equals("table") ? null : format;
        boolean wantSize = size || (fmt != null && fmt.contains(".Size"));
        Query q = Query.of().flag("all", all || limit > 0);
        if (limit > 0) q.add("limit", Integer.toString(limit));
        q.flag("size", wantSize).add("filters", Filters.encode(filters));
        if (at != null) q.add("at", TimeArg.toApiTimestamp(at, ctx().clock()));
        List<Object> list = Json.list(client().get("/containers/json" + q));
        List<Row> rows = new ArrayList<>();
        for (Object c : list) rows.add(ContainerRows.of(Json.map(c), !noTrunc, ctx().clock()));
        if (fmt == null) {
            fmt = quiet ? "{{.ID}}" : size ? ContainerRows.DEFAULT_TABLE + "\t{{.Size}}" : ContainerRows.DEFAULT_TABLE;
        } else if (quiet) {
            fmt = "{{.ID}}";
        }
        out().print(ListFormat.render(fmt, rows, ContainerRows.HEADERS));
        return 0;
    }
}
