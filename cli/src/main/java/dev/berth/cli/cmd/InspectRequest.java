package dev.berth.cli.cmd;

import dev.berth.cli.CliContext;
import dev.berth.cli.format.InspectFormat;
import dev.berth.cli.format.Template;
import dev.berth.cli.format.TemplateException;
import dev.berth.cli.format.TimeArg;
import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.JsonIndent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an {@code inspect} asks for ({@code type} null for any kind), parsed by picocli or by the lean
 * path: GET /containers/{n}/json, then /images/{n}/json, /networks/{n}, /volumes/{n} (or only the
 * one type names). Prints a JSON array indented like docker, or the template per object.
 */
record InspectRequest(String type, String format, boolean size, String at, List<String> names, String platform) {
    InspectRequest(String type, String format, boolean size, String at, List<String> names) {
        this(type, format, size, at, names, null);
    }

    /** The types the docker CLI's {@code inspect --type} knows (berth answers for the first four it lists). */
    private static final List<String> DOCKER_TYPES = List.of("config", "container", "image", "network", "node",
            "plugin", "secret", "service", "task", "volume");

    int run(CliContext ctx) throws IOException {
        if (type != null && !type.isEmpty() && !DOCKER_TYPES.contains(type)) {
            StringBuilder known = new StringBuilder();
            for (String t : DOCKER_TYPES) known.append(known.length() == 0 ? "\"" : ", \"").append(t).append('"');
            throw new UsageException("unknown type: \"" + type + "\": must be one of " + known);
        }
        List<String> kinds = type == null || type.isEmpty() ? List.of("container", "image", "network", "volume") : List.of(type);
        // the docker CLI's template is the text as given (no "table", no \t); "json" prints the objects' JSON
        Template tmpl = format == null || format.isEmpty() || format.equals("json") ? null : InspectFormat.parse(format);
        String when = at == null ? null : TimeArg.toApiTimestamp(at, ctx.clock());
        DockerClient client = ctx.client();
        StringBuilder lines = new StringBuilder();
        List<byte[]> raw = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String n : names) {
            Object obj = null;
            String kind = null;
            for (String k : kinds) {
                try {
                    // without a template the answer is printed as the daemon wrote it, only indented
                    obj = tmpl == null ? nonBlank(client.getBytes(path(k, n, when))) : client.get(path(k, n, when));
                    kind = k;
                    break;
                } catch (DaemonException e) {
                    if (!e.isNotFound()) throw e;
                    // one kind asked for (container inspect, --type): the daemon's words, as the docker CLI 28 prints them
                    if (kinds.size() == 1) errors.add("Error response from daemon: " + e.getMessage());
                }
            }
            if (obj == null) {
                if (kinds.size() > 1) errors.add("Error: No such object: " + n);
                continue;
            }
            if (tmpl == null) {
                raw.add((byte[]) obj);
                continue;
            }
            try {
                lines.append(InspectFormat.execute(tmpl, obj, kind)).append('\n');
            } catch (TemplateException e) {
                // as the docker CLI: the object's error is reported with the others, the rest still print
                errors.add(e.getMessage());
            }
        }
        if (tmpl == null) {
            // the docker CLI's way: the raw answers joined into one array and indented (Go's json.Indent)
            // (--format json: the same array compacted, on one line)
            byte[] text = "json".equals(format) ? JsonIndent.compactArray(raw) : JsonIndent.array(raw, "    ");
            ctx.out().write(text, 0, text.length);
            ctx.out().write('\n');
        } else {
            // an empty output is still one line, as the docker CLI prints it
            ctx.out().print(lines.length() == 0 ? "\n" : lines);
        }
        for (String e : errors) ctx.err().println(e);
        return errors.isEmpty() ? 0 : 1;
    }

    /** The body, or null when the daemon sent none (then the object counts as not found). */
    private static byte[] nonBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') return body;
        }
        return null;
    }

    private String path(String kind, String n, String when) {
        return switch (kind) {
            case "container" -> "/containers/" + Query.seg(n) + "/json" + Query.of().flag("size", size).addIfPresent("at", when);
            case "image" -> "/images/" + Query.seg(n) + "/json" + Query.of().addIfPresent("at", when)
                    .addIfPresent("platform", PlatformArg.jsonOrNull(platform));
            case "network" -> "/networks/" + Query.seg(n) + Query.of().addIfPresent("at", when);
            case "volume" -> "/volumes/" + Query.seg(n) + Query.of().addIfPresent("at", when);
            default -> throw new UsageException("\"" + kind + "\" is not a valid value for --type");
        };
    }
}
