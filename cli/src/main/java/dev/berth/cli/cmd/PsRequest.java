package dev.berth.cli.cmd;

import dev.berth.cli.CliContext;
import dev.berth.cli.format.ListFormat;
import dev.berth.cli.format.Row;
import dev.berth.cli.format.TimeArg;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What a {@code ps} asks for, parsed by picocli or by the lean path; {@link #run} lists it alike for both. */
record PsRequest(boolean all, boolean quiet, long last, boolean latest, boolean size, boolean noTrunc,
        List<String> filters, String format, String at) {

    private static final Set<String> DEFERRED = Set.of("NetworkSettings", "Mounts", "Labels", "HostConfig");

    int run(CliContext ctx) throws IOException {
        long limit = latest ? 1 : last;
        String fmt = format == null || format.isEmpty() || format.equals("table") ? null : format;
        if (quiet && format != null && !format.isEmpty()) {
            ctx.err().println("WARNING: Ignoring custom format, because both --format and --quiet are set.");
        }
        // as the docker CLI: sizes are asked for when the template uses .Size, found by running it once
        // over an empty container ({{json .}} uses every field); a template that fails there fails the command
        boolean probed = format != null && !format.isEmpty() && ContainerRows.usesSize(format, ctx.clock());
        boolean wantSize = size || (fmt != null && !quiet && probed);
        Query q = Query.of().flag("all", all || limit > 0);
        if (limit > 0) q.add("limit", Long.toString(limit));
        q.flag("size", wantSize).add("filters", Filters.encode(filters));
        if (at != null) q.add("at", TimeArg.toApiTimestamp(at, ctx.clock()));
        // what no default table shows is parsed only if a template reaches it (ContainerRows' deferred fields)
        byte[] body = ctx.client().getBytes("/containers/json" + q);
        List<Object> list = Json.list(Json.parseDeferring(body, DEFERRED));
        List<Row> rows = new ArrayList<>();
        for (Object c : list) rows.add(ContainerRows.of(Json.map(c), !noTrunc, ctx.clock()));
        if (fmt == null) {
            fmt = quiet ? "{{.ID}}" : size ? ContainerRows.DEFAULT_TABLE + "\t{{.Size}}" : ContainerRows.DEFAULT_TABLE;
        } else if (quiet) {
            fmt = "{{.ID}}";
        }
        ctx.out().print(ListFormat.render(fmt, rows, ContainerRows.HEADERS));
        return 0;
    }
}
