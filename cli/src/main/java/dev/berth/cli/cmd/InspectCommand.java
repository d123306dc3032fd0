package dev.berth.cli.cmd;

import dev.berth.cli.format.ListFormat;
import dev.berth.cli.format.Template;
import dev.berth.cli.format.TimeArg;
import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code inspect}: GET /containers/{n}/json, then /images/{n}/json, /networks/{n}, /volumes/{n}
 * (or only the one --type names). Prints a JSON array indented like docker, or the template per object.
 */
@Command(name = "inspect", description = "Return low-level information on Docker objects")
public class InspectCommand extends BaseCommand {
    @Option(names = {"-f", "--format"}, description = "Format output using a custom template")
    String format;

    @Option(names = "--type", description = "Only inspect objects of the given type")
    String type;

    @Option(names = {"-s", "--size"}, description = "Display total file sizes if the type is container")
    boolean size;

    @Option(names = "--at", description = "Answer as inspect would have at this time (Berth: RFC 3339, unix seconds or a duration ago)")
    String at;

    @Parameters(arity = "1..*", paramLabel = "NAME|ID")
    List<String> names;

    /** The object type a group alias inspects ({@code container inspect}), or null for any. */
    protected String fixedType() {
        return type;
    }

    @Override
    protected int run() throws IOException {
        String t = fixedType();
        List<String> kinds = t == null || t.isEmpty() ? List.of("container", "image", "network", "volume") : List.of(t);
        Template tmpl = format == null || format.isEmpty() || format.equals("json") ? null : Template.parse(ListFormat.templateText(format));
        String when = at == null ? null : TimeArg.toApiTimestamp(at, ctx().clock());
        List<Object> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String n : names) {
            Object obj = null;
            for (String k : kinds) {
                try {
                    obj = client().get(path(k, n, when));
                    break;
                } catch (DaemonException e) {
                    if (!e.isNotFound()) throw e;
                    if (kinds.size() == 1) errors.add(e.getMessage());
                }
            }
            if (obj == null) {
                if (kinds.size() > 1) errors.add("No such object: " + n);
                continue;
            }
            found.add(obj);
        }
        if (tmpl == null) {
            out().println(Json.writeIndented(found, "    "));
        } else {
            for (Object o : found) out().println(tmpl.execute(o));
        }
        for (String e : errors) err().println("Error: " + e);
        return errors.isEmpty() ? 0 : 1;
    }

    private String path(String kind, String n, String when) {
        return switch (kind) {
            case "container" -> "/containers/" + Query.seg(n) + "/json" + Query.of().flag("size", size).addIfPresent("at", when);
            case "image" -> "/images/" + Query.seg(n) + "/json" + Query.of().addIfPresent("at", when);
            case "network" -> "/networks/" + Query.seg(n) + Query.of().addIfPresent("at", when);
            case "volume" -> "/volumes/" + Query.seg(n) + Query.of().addIfPresent("at", when);
            default -> throw new UsageException("\"" + kind + "\" is not a valid value for --type");
        };
    }
}
