package dev.berth.cli.cmd;

import dev.berth.cli.format.ListFormat;
import dev.berth.cli.format.Row;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code network ls}: GET /networks?filters=…, sorted by name in natural order like docker. */
@Command(name = "ls", description = "List networks")
public final class NetworkLsCommand extends BaseCommand {
    @Option(names = {"-q", "--quiet"}, description = "Only display network IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not truncate the output")
    boolean noTrunc;

    @Option(names = "--format", description = "Format output using a custom template")
    String format;

    @Option(names = {"-f", "--filter"}, description = "Provide filter values (e.g. \"driver=bridge\")")
    List<String> filters = new ArrayList<>();

    @Override
    protected int run() throws IOException {
        String path = "/networks" + Query.of().add("filters", Filters.encode(filters));
        List<Map<String, Object>> networks = new ArrayList<>();
        for (Object n : Json.list(client().get(path))) networks.add(Json.map(n));
        networks.sort((a, b) -> NaturalOrder.INSTANCE.compare(Json.str(a, "Name"), Json.str(b, "Name")));
        List<Row> rows = new ArrayList<>();
        for (Map<String, Object> n : networks) rows.add(NetworkRows.of(n, !noTrunc));
        out().print(ListFormat.render(format(), rows, NetworkRows.HEADERS));
        return 0;
    }

    /** docker's newFormat: "table" and "raw" have a quiet form; a custom template ignores -q. */
    private String format() {
        String f = format == null || format.isEmpty() ? "table" : format;
        return switch (f) {
            case "table" -> quiet ? "{{.ID}}" : NetworkRows.DEFAULT_TABLE;
            case "raw" -> quiet ? NetworkRows.RAW_QUIET : NetworkRows.RAW;
            default -> f;
        };
    }
}
