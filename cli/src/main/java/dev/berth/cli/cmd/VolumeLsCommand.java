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

/** {@code volume ls}: GET /volumes?filters=…, sorted by name in natural order like docker. */
@Command(name = "ls", description = "List volumes")
public final class VolumeLsCommand extends BaseCommand {
    @Option(names = {"-q", "--quiet"}, description = "Only display volume names")
    boolean quiet;

    @Option(names = "--format", description = "Format output using a custom template")
    String format;

    @Option(names = {"-f", "--filter"}, description = "Provide filter values (e.g. \"dangling=true\")")
    List<String> filters = new ArrayList<>();

    @Override
    protected int run() throws IOException {
        Object resp = client().get("/volumes" + Query.of().add("filters", Filters.encode(filters)));
        for (Object w : Json.list(Json.path(resp, "Warnings"))) {
            err().println(w);
        }
        List<Map<String, Object>> volumes = new ArrayList<>();
        for (Object v : Json.list(Json.path(resp, "Volumes"))) volumes.add(Json.map(v));
        volumes.sort((a, b) -> NaturalOrder.INSTANCE.compare(Json.str(a, "Name"), Json.str(b, "Name")));
        List<Row> rows = new ArrayList<>();
        for (Map<String, Object> v : volumes) rows.add(VolumeRows.of(v));
        out().print(ListFormat.render(format(), rows, VolumeRows.HEADERS));
        return 0;
    }

    /** docker's newFormat: "table" and "raw" have a quiet form; a custom template ignores -q. */
    private String format() {
        String f = format == null || format.isEmpty() ? "table" : format;
        return switch (f) {
            case "table" -> quiet ? "{{.Name}}" : VolumeRows.DEFAULT_TABLE;
            case "raw" -> quiet ? VolumeRows.RAW_QUIET : VolumeRows.RAW;
            default -> f;
        };
    }
}
