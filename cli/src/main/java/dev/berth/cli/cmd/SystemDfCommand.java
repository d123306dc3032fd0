package dev.berth.cli.cmd;

import dev.berth.cli.format.ListFormat;
import dev.berth.cli.format.Row;
import dev.berth.cli.format.TabWriter;
import dev.berth.cli.format.Units;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code system df}: GET /system/df, docker's summary table (images, containers, volumes, build cache). */
@Command(name = "df", description = "Show docker disk usage")
public final class SystemDfCommand extends BaseCommand {
    @Option(names = {"-v", "--verbose"}, description = "Show detailed information on space usage")
    boolean verbose;

    @Override
    protected int run() throws IOException {
        Object df = client().get("/system/df");
        if (verbose) {
            out().print(verbose(df));
            return 0;
        }
        long imagesTotal = 0;
        long imagesActive = 0;
        long imagesSize = Json.num(df, "LayersSize");
        long reclaimable = 0;
        for (Object img : Json.list(Json.path(df, "Images"))) {
            imagesTotal++;
            if (Json.num(img, "Containers") > 0) {
                imagesActive++;
            } else {
                reclaimable += Math.max(0, Json.num(img, "Size") - Math.max(0, Json.num(img, "SharedSize")));
            }
        }
        long cTotal = 0;
        long cActive = 0;
        long cSize = 0;
        for (Object c : Json.list(Json.path(df, "Containers"))) {
            cTotal++;
            if ("running".equals(Json.str(c, "State"))) cActive++;
            cSize += Json.num(c, "SizeRw");
        }
        // As docker: a volume is active when a container refers to it; a size of -1 (unknown) counts nowhere.
        long vTotal = 0;
        long vActive = 0;
        long vSize = 0;
        long vReclaimable = 0;
        for (Object v : Json.list(Json.path(df, "Volumes"))) {
            vTotal++;
            long refs = Json.num(v, "UsageData", "RefCount");
            long size = Json.num(v, "UsageData", "Size");
            if (refs > 0) vActive++;
            if (size != -1) {
                vSize += size;
                if (refs == 0) vReclaimable += size;
            }
        }
        StringBuilder sb = new StringBuilder("TYPE\tTOTAL\tACTIVE\tSIZE\tRECLAIMABLE\n");
        sb.append(row("Images", imagesTotal, imagesActive, imagesSize, reclaimable));
        sb.append(row("Containers", cTotal, cActive, cSize, cSize));
        sb.append(row("Local Volumes", vTotal, vActive, vSize, vReclaimable));
        // As docker: shared records' bytes belong to images too and count nowhere; records in use are not reclaimable.
        long bTotal = 0;
        long bActive = 0;
        long bSize = 0;
        long bInUse = 0;
        for (Object b : Json.list(Json.path(df, "BuildCache"))) {
            bTotal++;
            boolean inUse = Boolean.TRUE.equals(Json.path(b, "InUse"));
            boolean shared = Boolean.TRUE.equals(Json.path(b, "Shared"));
            if (inUse) bActive++;
            if (!shared) {
                bSize += Json.num(b, "Size");
                if (inUse) bInUse += Json.num(b, "Size");
            }
        }
        sb.append(row("Build Cache", bTotal, bActive, bSize, bSize - bInUse));
        out().print(TabWriter.table(sb.toString()));
        return 0;
    }

    private static final String IMAGES = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
            + "\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}";
    private static final String CONTAINERS = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}"
            + "\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}";
    private static final String VOLUMES = "table {{.Name}}\t{{.Links}}\t{{.Size}}";
    private static final String CACHE = "table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}"
            + "\t{{.UsageCount}}\t{{.Shared}}";
    private static final Map<String, Object> CACHE_HEADERS = Map.of("ID", "CACHE ID", "CacheType", "CACHE TYPE",
            "Size", "SIZE", "CreatedSince", "CREATED", "LastUsedSince", "LAST USED", "UsageCount", "USAGE",
            "Shared", "SHARED");

    /** docker's {@code system df -v}: each kind in its own table, as the docker CLI's verboseWrite prints them. */
    private String verbose(Object df) {
        java.time.Clock clock = ctx().clock();
        StringBuilder out = new StringBuilder("Images space usage:\n\n");
        List<Row> images = new ArrayList<>();
        for (Object o : Json.list(Json.path(df, "Images"))) {
            Map<String, Object> img = Json.map(o);
            // only the first tag, as docker shows it; a dangling image is <none> <none>
            String repo = "<none>";
            String tag = "<none>";
            List<Object> tags = Json.list(img.get("RepoTags"));
            if (!tags.isEmpty() && !"<none>:<none>".equals(tags.get(0))) {
                String[] rt = Names.repoTag(String.valueOf(tags.get(0)));
                if (!rt[1].isEmpty()) {
                    repo = Names.familiar(rt[0]);
                    tag = rt[1];
                }
            }
            images.add(ImageRows.row(img, repo, tag, "", true, clock));
        }
        out.append(ListFormat.render(IMAGES, images, ImageRows.HEADERS));
        out.append("\nContainers space usage:\n\n");
        List<Row> containers = new ArrayList<>();
        for (Object o : Json.list(Json.path(df, "Containers"))) {
            Map<String, Object> c = new LinkedHashMap<>(Json.map(o));
            c.put("SizeRootFs", 0); // docker leaves the virtual size out here
            containers.add(ContainerRows.of(c, true, clock));
        }
        out.append(ListFormat.render(CONTAINERS, containers, ContainerRows.HEADERS));
        out.append("\nLocal Volumes space usage:\n\n");
        List<Row> volumes = new ArrayList<>();
        for (Object o : Json.list(Json.path(df, "Volumes"))) {
            volumes.add(VolumeRows.of(Json.map(o)));
        }
        out.append(ListFormat.render(VOLUMES, volumes, VolumeRows.HEADERS));
        long builder = 0;
        List<Row> cache = new ArrayList<>();
        for (Object o : Json.list(Json.path(df, "BuildCache"))) {
            Map<String, Object> b = Json.map(o);
            boolean shared = Boolean.TRUE.equals(b.get("Shared"));
            if (!shared) builder += Json.num(b, "Size");
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("ID", Names.truncateId(Json.str(b, "ID")));
            f.put("CacheType", Json.str(b, "Type"));
            f.put("Size", Units.humanSize(Json.num(b, "Size"), 3));
            f.put("CreatedSince", since(Json.str(b, "CreatedAt"), clock));
            f.put("LastUsedSince", since(Json.str(b, "LastUsedAt"), clock));
            f.put("UsageCount", Long.toString(Json.num(b, "UsageCount")));
            f.put("Shared", Boolean.toString(shared));
            cache.add(new Row("buildCacheContext", f));
        }
        out.append("\nBuild cache usage: ").append(Units.humanSize(builder)).append("\n\n");
        out.append(ListFormat.render(CACHE, cache, CACHE_HEADERS));
        return out.toString();
    }

    /** docker's "N units ago" of an RFC 3339 time; empty when there is none. */
    private static String since(String rfc3339, java.time.Clock clock) {
        if (rfc3339 == null || rfc3339.isEmpty()) return "";
        java.time.Instant t = java.time.Instant.parse(rfc3339);
        return Units.humanDuration(java.time.Duration.between(t, clock.instant())) + " ago";
    }

    private static String row(String type, long total, long active, long size, long reclaimable) {
        String pct = size > 0 ? " (" + (reclaimable * 100 / size) + "%)" : "";
        return type + "\t" + total + "\t" + active + "\t" + Units.humanSize(size) + "\t" + Units.humanSize(reclaimable)
                + pct + "\n";
    }
}
