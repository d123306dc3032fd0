package dev.berth.cli.cmd;

import dev.berth.cli.format.ListFormat;
import dev.berth.cli.format.Row;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code search}: GET /images/search?term=…&limit=…&filters=…, drawn as docker's searchContext table. */
@Command(name = "search", description = "Search Docker Hub for images")
public final class SearchCommand extends BaseCommand {
    static final String DEFAULT_TABLE = "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}";
    static final Map<String, Object> HEADERS = Map.of("Name", "NAME", "Description", "DESCRIPTION",
            "StarCount", "STARS", "IsOfficial", "OFFICIAL", "IsAutomated", "AUTOMATED");

    @Option(names = {"-f", "--filter"}, description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", description = "Pretty-print search using a Go template")
    String format;

    @Option(names = "--limit", description = "Max number of search results")
    int limit;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Parameters(arity = "1", paramLabel = "TERM")
    String term;

    @Override
    protected int run() throws IOException {
        Query q = Query.of().add("term", term);
        if (limit > 0) q.add("limit", Integer.toString(limit));
        q.add("filters", Filters.encode(filters));
        Object results = client().get("/images/search" + q);
        List<Row> rows = new ArrayList<>();
        for (Object r : Json.list(results)) rows.add(row(r, !noTrunc));
        String f = format == null || format.isEmpty() || format.equals("table") ? DEFAULT_TABLE : format;
        out().print(ListFormat.render(f, rows, HEADERS));
        return 0;
    }

    /** One result as docker's searchContext shows it: the description on one line, cut at 45 columns unless --no-trunc. */
    static Row row(Object r, boolean trunc) {
        String desc = Json.str(r, "description").replace('\n', ' ').replace('\r', ' ');
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Name", Json.str(r, "name"));
        f.put("Description", trunc ? Names.ellipsis(desc, 45) : desc);
        f.put("StarCount", Long.toString(Json.num(r, "star_count")));
        f.put("IsOfficial", Boolean.TRUE.equals(Json.path(r, "is_official")) ? "[OK]" : "");
        f.put("IsAutomated", Boolean.TRUE.equals(Json.path(r, "is_automated")) ? "[OK]" : "");
        return new Row("searchContext", f);
    }
}
