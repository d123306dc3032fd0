package dev.berth.cli.cmd;

import dev.berth.cli.format.Row;
import dev.berth.cli.format.TemplateMethod;
import dev.berth.cli.format.Units;
import dev.berth.cli.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker's ContainerContext: the {@code ps} fields of one container summary. */
final class ContainerRows {
    static final String DEFAULT_TABLE =
            "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
    static final Map<String, Object> HEADERS = headers();

    private ContainerRows() {}

    private static Map<String, Object> headers() {
        Map<String, Object> h = new HashMap<>();
        h.put("ID", "CONTAINER ID");
        h.put("Names", "NAMES");
        h.put("Image", "IMAGE");
        h.put("Command", "COMMAND");
        h.put("CreatedAt", "CREATED AT");
        h.put("RunningFor", "CREATED");
        h.put("Ports", "PORTS");
        h.put("State", "STATE");
        h.put("Status", "STATUS");
        h.put("Size", "SIZE");
        h.put("Labels", "LABELS");
        h.put("Label", (TemplateMethod) args -> "LABEL");
        h.put("Mounts", "MOUNTS");
        h.put("LocalVolumes", "LOCAL VOLUMES");
        h.put("Networks", "NETWORKS");
        return Map.copyOf(h);
    }

    static Row of(Map<String, Object> c, boolean trunc, Clock clock) {
        Map<String, Object> f = new LinkedHashMap<>();
        String id = Json.str(c, "Id");
        f.put("ID", trunc ? Names.truncateId(id) : id);
        f.put("Image", image(Json.str(c, "Image"), Json.str(c, "ImageID"), trunc));
        String command = Json.str(c, "Command");
        f.put("Command", Names.goQuote(trunc ? Names.ellipsis(command, 20) : command));
        long created = Json.num(c, "Created");
        f.put("CreatedAt", (Row.Deferred) () -> GoTime.unixString(created, clock));
        f.put("RunningFor", GoTime.ago(created, clock));
        f.put("Ports", Ports.displayable(Json.list(c.get("Ports"))));
        f.put("State", Json.str(c, "State"));
        f.put("Status", Json.str(c, "Status"));
        // the fields no default table shows are worked out only if a template asks (Row.Deferred): a short
        // command runs this in the interpreter, once per container
        f.put("Size", (Row.Deferred) () -> size(c));
        f.put("Names", names(Json.list(c.get("Names")), trunc));
        f.put("Labels", (Row.Deferred) () -> labels(c));
        f.put("Label", (TemplateMethod) args -> args.isEmpty() ? "" : Json.str(Json.map(c.get("Labels")), String.valueOf(args.get(0))));
        f.put("Mounts", (Row.Deferred) () -> mounts(Json.list(c.get("Mounts")), trunc));
        f.put("LocalVolumes", (Row.Deferred) () -> Long.toString(Json.list(c.get("Mounts")).stream()
                .filter(m -> "local".equals(Json.str(m, "Driver"))).count()));
        f.put("Networks", (Row.Deferred) () -> String.join(",", Json.map(Json.path(c, "NetworkSettings", "Networks")).keySet()));
        return new Row("ContainerContext", f);
    }

    private static String size(Map<String, Object> c) {
        long rw = Json.num(c, "SizeRw");
        long rootFs = Json.num(c, "SizeRootFs");
        String size = Units.humanSize(rw, 3);
        return rootFs > 0 ? size + " (virtual " + Units.humanSize(rootFs, 3) + ")" : size;
    }

    private static String labels(Map<String, Object> c) {
        List<String> pairs = new ArrayList<>();
        Json.map(c.get("Labels")).forEach((k, v) -> pairs.add(k + "=" + v));
        pairs.sort(null);
        return String.join(",", pairs);
    }

    private static String image(String image, String imageId, boolean trunc) {
        if (image.isEmpty()) return "<no image>";
        if (!trunc) return image;
        if (!imageId.isEmpty() && Names.truncateId(imageId).equals(Names.truncateId(image))) return Names.truncateId(image);
        String r = image;
        int at = r.indexOf('@');
        if (at >= 0) r = r.substring(0, at);
        return Names.familiar(r);
    }

    private static String names(List<Object> names, boolean trunc) {
        List<String> out = new ArrayList<>();
        for (Object n : names) {
            String name = String.valueOf(n);
            if (name.startsWith("/")) name = name.substring(1);
            if (trunc) {
                if (name.indexOf('/') < 0) return name;
                continue;
            }
            out.add(name);
        }
        return String.join(",", out);
    }

    private static String mounts(List<Object> mounts, boolean trunc) {
        List<String> out = new ArrayList<>();
        for (Object m : mounts) {
            String name = Json.str(m, "Name");
            if (name.isEmpty()) name = Json.str(m, "Source");
            out.add(trunc ? Names.ellipsis(name, 15) : name);
        }
        return String.join(",", out);
    }
}
