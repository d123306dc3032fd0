package dev.berth.cli.cmd;

import dev.berth.cli.format.ListFormat;
import dev.berth.cli.format.Row;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code plugin ls}: Berth's drivers and plugin jars from its own {@code GET /berth/plugins} (dockerd's
 * {@code /plugins} is for managed plugins, which Berth has none of), in the order berthd found them.
 */
@Command(name = "ls", description = "List Berth's drivers and plugin jars")
public final class PluginLsCommand extends BaseCommand {
    static final String DEFAULT_TABLE = "table {{.Name}}\t{{.Type}}\t{{.Version}}\t{{.Source}}\t{{.Status}}";
    private static final Map<String, Object> HEADERS = Map.of("Name", "NAME", "Type", "TYPE", "Version", "VERSION",
            "Source", "SOURCE", "Status", "STATUS", "Reason", "REASON");

    @Option(names = "--format", description = "Format output using a custom template")
    String format;

    @Override
    protected int run() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Object o : Json.list(client().get("/berth/plugins"))) {
            Map<String, Object> p = Json.map(o);
            Map<String, Object> f = new LinkedHashMap<>();
            for (String k : List.of("Name", "Type", "Version", "Source", "Reason")) {
                f.put(k, Json.str(p, k));
            }
            String reason = Json.str(p, "Reason");
            // the reason is what a user needs when a plugin did not load, so the table shows it
            f.put("Status", reason.isEmpty() ? Json.str(p, "Status") : Json.str(p, "Status") + ": " + reason);
            rows.add(new Row("berthPluginContext", f));
        }
        out().print(ListFormat.render(format == null || format.isEmpty() || format.equals("table") ? DEFAULT_TABLE
                : format, rows, HEADERS));
        return 0;
    }
}
