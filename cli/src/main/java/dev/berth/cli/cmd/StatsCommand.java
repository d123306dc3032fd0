package dev.berth.cli.cmd;

import dev.berth.cli.format.ListFormat;
import dev.berth.cli.format.Row;
import dev.berth.cli.format.Units;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stats}: one sample per container (the daemon takes two, a second apart, so CPU % is the
 * change over that second), shown as docker's stats table; without {@code --no-stream} the table is
 * redrawn with each round.
 */
@Command(name = "stats", description = "Display a live stream of container(s) resource usage statistics")
public final class StatsCommand extends BaseCommand {
    static final String DEFAULT_TABLE =
            "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";
    static final Map<String, Object> HEADERS = Map.of("Container", "CONTAINER", "ID", "CONTAINER ID", "Name", "NAME",
            "CPUPerc", "CPU %", "MemUsage", "MEM USAGE / LIMIT", "MemPerc", "MEM %", "NetIO", "NET I/O",
            "BlockIO", "BLOCK I/O", "PIDs", "PIDS");

    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = "--no-stream", description = "Disable streaming stats and only pull the first result")
    boolean noStream;

    @Option(names = "--no-trunc", description = "Do not truncate output")
    boolean noTrunc;

    @Option(names = "--format", description = "Format output using a custom template")
    String format;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    protected int run() throws IOException {
        String fmt = format == null || format.isEmpty() || format.equals("table") ? DEFAULT_TABLE : format;
        while (true) {
            List<String> targets = containers == null || containers.isEmpty() ? listed() : containers;
            List<CompletableFuture<Row>> samples = new ArrayList<>();
            for (String c : targets) {
                samples.add(CompletableFuture.supplyAsync(() -> sample(c)));
            }
            List<Row> rows = new ArrayList<>();
            for (CompletableFuture<Row> s : samples) {
                rows.add(unwrap(s));
            }
            if (!noStream) {
                out().print("\033[2J\033[H"); // redraw in place, as docker does on a terminal
            }
            out().print(ListFormat.render(fmt, rows, HEADERS));
            out().flush();
            if (noStream) {
                return 0;
            }
        }
    }

    private List<String> listed() throws IOException {
        List<String> ids = new ArrayList<>();
        for (Object c : Json.list(client().get("/containers/json" + Query.of().flag("all", all)))) {
            ids.add(Json.str(c, "Id").substring(0, 12));
        }
        return ids;
    }

    private Row sample(String container) {
        try {
            Object s = client().get("/containers/" + Query.seg(container) + "/stats" + Query.of().add("stream", "false"));
            return row(container, Json.map(s), !noTrunc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Row unwrap(CompletableFuture<Row> f) throws IOException {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** docker's stats fields, computed as the docker CLI computes them from one sample. */
    static Row row(String container, Map<String, Object> s, boolean trunc) {
        String id = Json.str(s, "id");
        String name = Json.str(s, "name");
        double cpuDelta = Json.num(s, "cpu_stats", "cpu_usage", "total_usage") - Json.num(s, "precpu_stats", "cpu_usage", "total_usage");
        double sysDelta = Json.num(s, "cpu_stats", "system_cpu_usage") - Json.num(s, "precpu_stats", "system_cpu_usage");
        long online = Json.num(s, "cpu_stats", "online_cpus");
        if (online == 0) {
            online = Json.list(Json.path(s, "cpu_stats", "cpu_usage", "percpu_usage")).size();
        }
        double cpu = sysDelta > 0 && cpuDelta > 0 ? cpuDelta / sysDelta * online * 100.0 : 0.0;
        long usage = Json.num(s, "memory_stats", "usage");
        Map<String, Object> memStats = Json.map(Json.path(s, "memory_stats", "stats"));
        // cgroup v1 names it total_inactive_file, v2 inactive_file: the page cache the kernel can drop
        Object inactive = memStats.containsKey("total_inactive_file") ? memStats.get("total_inactive_file") : memStats.get("inactive_file");
        if (inactive instanceof Number n && n.longValue() < usage) {
            usage -= n.longValue();
        }
        long limit = Json.num(s, "memory_stats", "limit");
        long rx = 0;
        long tx = 0;
        for (Object net : Json.map(s.get("networks")).values()) {
            rx += Json.num(net, "rx_bytes");
            tx += Json.num(net, "tx_bytes");
        }
        long read = 0;
        long write = 0;
        for (Object e : Json.list(Json.path(s, "blkio_stats", "io_service_bytes_recursive"))) {
            String op = Json.str(e, "op");
            if (op.equalsIgnoreCase("read")) read += Json.num(e, "value");
            if (op.equalsIgnoreCase("write")) write += Json.num(e, "value");
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Container", container);
        f.put("ID", trunc && id.length() > 12 ? id.substring(0, 12) : id);
        f.put("Name", name.startsWith("/") ? name.substring(1) : name);
        f.put("CPUPerc", String.format("%.2f%%", cpu));
        f.put("MemUsage", Units.bytesSize(usage) + " / " + Units.bytesSize(limit));
        f.put("MemPerc", String.format("%.2f%%", limit > 0 ? usage * 100.0 / limit : 0.0));
        f.put("NetIO", Units.humanSize(rx, 3) + " / " + Units.humanSize(tx, 3));
        f.put("BlockIO", Units.humanSize(read, 3) + " / " + Units.humanSize(write, 3));
        f.put("PIDs", Long.toString(Json.num(s, "pids_stats", "current")));
        return new Row("stats", f);
    }
}
