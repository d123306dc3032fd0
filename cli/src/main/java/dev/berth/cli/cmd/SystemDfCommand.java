package dev.berth.cli.cmd;

import dev.berth.cli.format.TabWriter;
import dev.berth.cli.format.Units;
import dev.berth.cli.json.Json;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code system df}: GET /system/df, docker's summary table (images, containers, volumes, build cache). */
@Command(name = "df", description = "Show docker disk usage")
public final class SystemDfCommand extends BaseCommand {
    @Option(names = {"-v", "--verbose"}, description = "Show detailed information on space usage")
    boolean verbose;

    @Override
    protected int run() throws IOException {
        if (verbose) {
            throw new UsageException("--verbose is not supported by berth yet");
        }
        Object df = client().get("/system/df");
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

    private static String row(String type, long total, long active, long size, long reclaimable) {
        String pct = size > 0 ? " (" + (reclaimable * 100 / size) + "%)" : "";
        return type + "\t" + total + "\t" + active + "\t" + Units.humanSize(size) + "\t" + Units.humanSize(reclaimable)
                + pct + "\n";
    }
}
