package dev.berth.cli.cmd;

import dev.berth.cli.format.Row;
import dev.berth.cli.format.TemplateMethod;
import dev.berth.cli.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker's volumeContext: the {@code volume ls} fields of one volume. */
final class VolumeRows {
    static final String DEFAULT_TABLE = "table {{.Driver}}\t{{.Name}}";
    static final String RAW = "name: {{.Name}}\\ndriver: {{.Driver}}\\n";
    static final String RAW_QUIET = "name: {{.Name}}";
    static final Map<String, Object> HEADERS = headers();

    private VolumeRows() {}

    private static Map<String, Object> headers() {
        Map<String, Object> h = new HashMap<>();
        h.put("Name", "VOLUME NAME");
        h.put("Driver", "DRIVER");
        h.put("Scope", "SCOPE");
        h.put("Mountpoint", "MOUNTPOINT");
        h.put("Labels", "LABELS");
        h.put("Label", (TemplateMethod) args -> "LABEL");
        h.put("Links", "LINKS");
        h.put("Size", "SIZE");
        h.put("Group", "GROUP");
        h.put("Availability", "AVAILABILITY");
        h.put("Status", "STATUS");
        return Map.copyOf(h);
    }

    static Row of(Map<String, Object> v) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Name", Json.str(v, "Name"));
        f.put("Driver", Json.str(v, "Driver"));
        f.put("Scope", Json.str(v, "Scope"));
        f.put("Mountpoint", Json.str(v, "Mountpoint"));
        Map<String, Object> labels = Json.map(v.get("Labels"));
        List<String> pairs = new ArrayList<>();
        labels.forEach((k, val) -> pairs.add(k + "=" + val));
        pairs.sort(null);
        f.put("Labels", String.join(",", pairs));
        f.put("Label", (TemplateMethod) args -> args.isEmpty() ? "" : Json.str(labels, String.valueOf(args.get(0))));
        // As docker: usage is only known to system df; ls shows N/A.
        Object usage = v.get("UsageData");
        f.put("Links", usage == null ? "N/A" : Long.toString(Json.num(usage, "RefCount")));
        f.put("Size", usage == null ? "N/A" : dev.berth.cli.format.Units.humanSize(Json.num(usage, "Size")));
        f.put("Group", "N/A");
        f.put("Availability", "N/A");
        f.put("Status", "N/A");
        return new Row("volumeContext", f);
    }
}
