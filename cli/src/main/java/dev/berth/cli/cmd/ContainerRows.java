package dev.berth.cli.cmd;

import dev.berth.cli.format.Template;
import dev.berth.cli.format.Row;
import dev.berth.cli.format.TemplateException;
import dev.berth.cli.format.TemplateMethod;
import dev.berth.cli.format.Units;
import dev.berth.cli.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
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
        // docker's header for {{.Label "com.example.some-name"}} is the name's last dotted part, - and _ as spaces
        h.put("Label", (TemplateMethod) args -> {
            if (args.isEmpty()) return "LABEL";
            String name = String.valueOf(args.get(0));
            return name.substring(name.lastIndexOf('.') + 1).replace('-', ' ').replace('_', ' ');
        });
        h.put("Mounts", "MOUNTS");
        h.put("LocalVolumes", "LOCAL VOLUMES");
        h.put("Networks", "NETWORKS");
        return Map.copyOf(h);
    }

    /** The fields of a container row, in docker's ContainerContext order. */
    private static final List<String> FIELDS = List.of("ID", "Image", "Command", "CreatedAt", "RunningFor", "Ports",
            "State", "Status", "Size", "Names", "Labels", "Label", "Mounts", "LocalVolumes", "Networks", "Platform");

    static Row of(Map<String, Object> c, boolean trunc, Clock clock) {
        // each field is worked out from the summary when a template first reads it: a default table reads 7
        // of the 16, and a short command runs this in the interpreter, once per container
        return new Row("ContainerContext", new Row.Computed(FIELDS) {
            @Override
            protected Object compute(int index) {
                return field(FIELDS.get(index), c, trunc, clock);
            }
        });
    }

    private static Object field(String name, Map<String, Object> c, boolean trunc, Clock clock) {
        return switch (name) {
            case "ID" -> trunc ? Names.truncateId(Json.str(c, "Id")) : Json.str(c, "Id");
            case "Image" -> image(Json.str(c, "Image"), Json.str(c, "ImageID"), trunc);
            case "Command" -> {
                String command = Json.str(c, "Command");
                yield Names.goQuote(trunc ? Names.ellipsis(command, 20) : command);
            }
            case "CreatedAt" -> GoTime.unixString(Json.num(c, "Created"), clock);
            case "RunningFor" -> GoTime.ago(Json.num(c, "Created"), clock);
            case "Ports" -> Ports.displayable(Json.list(c.get("Ports")));
            case "State" -> Json.str(c, "State");
            case "Status" -> Json.str(c, "Status");
            case "Size" -> size(c);
            case "Names" -> names(Json.list(c.get("Names")), trunc);
            case "Labels" -> labels(c);
            case "Label" -> (TemplateMethod) args -> args.isEmpty() ? "" : Json.str(Json.map(c.get("Labels")), String.valueOf(args.get(0)));
            case "Mounts" -> mounts(Json.list(c.get("Mounts")), trunc);
            case "LocalVolumes" -> Long.toString(Json.list(c.get("Mounts")).stream()
                    .filter(m -> "local".equals(Json.str(m, "Driver"))).count());
            case "Networks" -> String.join(",", Json.map(Json.path(c, "NetworkSettings", "Networks")).keySet());
            case "Platform" -> platform(c);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * Whether the template reads .Size: the docker CLI runs it once over an empty container context and
     * asks the daemon for sizes if it did ({@code {{json .}}} reads every field; {@code --format json} is
     * only a word to that run, so it asks for none). As there, a template that does not parse fails with
     * {@code failed to parse template: }, one that fails on the empty context with
     * {@code failed to execute template: } (the text as given: {@code table } and all).
     */
    static boolean usesSize(String format, Clock clock) {
        boolean[] used = {false};
        Row probe = new Row("ContainerContext", new Row.Computed(FIELDS) {
            @Override
            protected Object compute(int index) {
                if (!FIELDS.get(index).equals("Size")) return field(FIELDS.get(index), Map.of(), true, clock);
                used[0] = true;
                return "";
            }
        });
        Template t;
        try {
            t = Template.parse(format);
        } catch (TemplateException e) {
            throw e.prefixed("failed to parse template: ", 1);
        }
        try {
            t.execute(probe);
        } catch (TemplateException e) {
            throw e.prefixed("failed to execute template: ", 1);
        }
        return used[0];
    }

    /**
     * The image's platform from the summary's ImageManifestDescriptor (dockerd's containerd image store
     * sends one; berthd does not), as {@code os/arch[/variant]}; null (printed {@code <nil>}) without one.
     */
    private static String platform(Map<String, Object> c) {
        Map<String, Object> p = Json.map(Json.path(c, "ImageManifestDescriptor", "platform"));
        if (p.isEmpty()) return null;
        String variant = Json.str(p, "variant");
        return Json.str(p, "os") + "/" + Json.str(p, "architecture") + (variant.isEmpty() ? "" : "/" + variant);
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
