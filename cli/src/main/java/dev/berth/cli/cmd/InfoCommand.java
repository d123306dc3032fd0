package dev.berth.cli.cmd;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.format.InspectFormat;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code info}: GET /info, the main fields in docker's layout. */
@Command(name = "info", description = "Display system-wide information")
public final class InfoCommand extends BaseCommand {
    @Option(names = {"-f", "--format"}, description = "Format output using a custom template")
    String format;

    @Override
    protected int run() throws IOException {
        Object info = client().get("/info");
        if (format != null && !format.isEmpty()) {
            return InspectFormat.print(format, info, "info", "", out(), err());
        }
        Map<String, Object> i = Json.map(info);
        StringBuilder sb = new StringBuilder();
        sb.append("Client: Berth\n Version:    ").append(BerthCommand.VERSION).append("\n Context:    default\n\n");
        sb.append("Server:\n");
        line(sb, " Containers: ", Json.str(i, "Containers"));
        line(sb, "  Running: ", Json.str(i, "ContainersRunning"));
        line(sb, "  Paused: ", Json.str(i, "ContainersPaused"));
        line(sb, "  Stopped: ", Json.str(i, "ContainersStopped"));
        line(sb, " Images: ", Json.str(i, "Images"));
        line(sb, " Server Version: ", Json.str(i, "ServerVersion"));
        line(sb, " Storage Driver: ", Json.str(i, "Driver"));
        for (Object pair : Json.list(i.get("DriverStatus"))) {
            line(sb, "  " + Json.str(Json.list(pair).isEmpty() ? null : Json.list(pair).get(0)) + ": ",
                    Json.list(pair).size() > 1 ? String.valueOf(Json.list(pair).get(1)) : "");
        }
        line(sb, " Logging Driver: ", Json.str(i, "LoggingDriver"));
        line(sb, " Cgroup Driver: ", Json.str(i, "CgroupDriver"));
        line(sb, " Cgroup Version: ", Json.str(i, "CgroupVersion"));
        Map<String, Object> plugins = Json.map(i.get("Plugins"));
        if (!plugins.isEmpty()) {
            sb.append(" Plugins:\n");
            for (String k : new String[] {"Volume", "Network", "Log"}) {
                if (plugins.containsKey(k)) line(sb, "  " + k + ": ", join(plugins.get(k)));
            }
        }
        List<Object> sinks = Json.list(i.get("BerthEventSinks"));
        if (!sinks.isEmpty()) {
            // Berth's own: where each audit sink is, and how far behind
            sb.append(" Event Sinks:\n");
            for (Object o : sinks) {
                Map<String, Object> s = Json.map(o);
                sb.append("  ").append(Json.str(s, "Name")).append(" (").append(Json.str(s, "Type")).append("): at ")
                        .append(Json.str(s, "Cursor")).append(", lag ").append(Json.str(s, "Lag"));
                String error = Json.str(s, "LastError");
                if (error != null && !error.isEmpty()) sb.append(", failing: ").append(error);
                sb.append('\n');
            }
        }
        Map<String, Object> runtimes = Json.map(i.get("Runtimes"));
        if (!runtimes.isEmpty()) line(sb, " Runtimes: ", String.join(" ", runtimes.keySet()));
        line(sb, " Default Runtime: ", Json.str(i, "DefaultRuntime"));
        if (!Json.list(i.get("SecurityOptions")).isEmpty()) {
            sb.append(" Security Options:\n");
            for (Object o : Json.list(i.get("SecurityOptions"))) {
                for (String kv : String.valueOf(o).split(",")) {
                    if (kv.startsWith("name=")) sb.append("  ").append(kv.substring(5)).append('\n');
                    else if (kv.startsWith("profile=")) sb.append("   Profile: ").append(kv.substring(8)).append('\n');
                }
            }
        }
        line(sb, " Kernel Version: ", Json.str(i, "KernelVersion"));
        line(sb, " Operating System: ", Json.str(i, "OperatingSystem"));
        line(sb, " OSType: ", Json.str(i, "OSType"));
        line(sb, " Architecture: ", Json.str(i, "Architecture"));
        line(sb, " CPUs: ", Json.str(i, "NCPU"));
        sb.append(" Total Memory: ").append(binarySize(Json.num(i, "MemTotal"))).append('\n');
        line(sb, " Name: ", Json.str(i, "Name"));
        line(sb, " ID: ", Json.str(i, "ID"));
        line(sb, " Docker Root Dir: ", Json.str(i, "DockerRootDir"));
        sb.append(" Debug Mode: ").append(Boolean.TRUE.equals(i.get("Debug"))).append('\n');
        if (!Json.map(i.get("Labels")).isEmpty() || !Json.list(i.get("Labels")).isEmpty()) {
            sb.append(" Labels:\n");
            for (Object l : Json.list(i.get("Labels"))) sb.append("  ").append(l).append('\n');
        }
        sb.append(" Experimental: ").append(Boolean.TRUE.equals(i.get("ExperimentalBuild"))).append('\n');
        sb.append(" Live Restore Enabled: ").append(Boolean.TRUE.equals(i.get("LiveRestoreEnabled"))).append('\n');
        if (!Json.list(i.get("DefaultAddressPools")).isEmpty()) {
            sb.append(" Default Address Pools:\n");
            for (Object o : Json.list(i.get("DefaultAddressPools"))) {
                Map<String, Object> pool = Json.map(o);
                sb.append("   Base: ").append(Json.str(pool, "Base")).append(", Size: ").append(Json.num(pool, "Size")).append('\n');
            }
        }
        out().print(sb);
        for (Object w : Json.list(i.get("Warnings"))) err().println(w);
        return 0;
    }

    private static void line(StringBuilder sb, String label, String value) {
        if (value == null || value.isEmpty()) return;
        sb.append(label).append(value).append('\n');
    }

    private static String join(Object list) {
        StringBuilder sb = new StringBuilder();
        for (Object o : Json.list(list)) sb.append(sb.length() == 0 ? "" : " ").append(o);
        return sb.toString();
    }

    /** go-units BytesSize: binary units, four significant digits ("1.953GiB"). */
    static String binarySize(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        String s = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        return s + units[u];
    }
}
