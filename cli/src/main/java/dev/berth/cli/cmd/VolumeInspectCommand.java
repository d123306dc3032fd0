package dev.berth.cli.cmd;

import dev.berth.cli.format.InspectFormat;
import dev.berth.cli.format.Template;
import dev.berth.cli.format.TemplateException;
import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code volume inspect}: GET /volumes/{name} for each; a JSON array indented like docker, or the template per volume. */
@Command(name = "inspect", description = "Display detailed information on one or more volumes")
public final class VolumeInspectCommand extends BaseCommand {
    @Option(names = {"-f", "--format"}, description = "Format output using a custom template")
    String format;

    @Parameters(arity = "1..*", paramLabel = "VOLUME")
    List<String> names;

    @Override
    protected int run() throws IOException {
        Template tmpl = format == null || format.isEmpty() || format.equals("json")
                ? null : InspectFormat.parse(format);
        List<Object> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        // as the docker CLI: each object's error is reported in order, the rest still print
        StringBuilder lines = new StringBuilder();
        for (String n : names) {
            try {
                Object o = client().get("/volumes/" + Query.seg(n));
                if (tmpl == null) {
                    found.add(o);
                } else {
                    try {
                        lines.append(InspectFormat.executeTyped(tmpl, o, "volume")).append('\n');
                    } catch (TemplateException e) {
                        errors.add(e.getMessage());
                    }
                }
            } catch (DaemonException e) {
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        if (tmpl == null) {
            out().println(Json.writeIndented(found, "    "));
        } else {
            // an empty output is still one line
            out().print(lines.length() == 0 ? "\n" : lines);
        }
        for (String e : errors) err().println(e);
        return errors.isEmpty() ? 0 : 1;
    }
}
