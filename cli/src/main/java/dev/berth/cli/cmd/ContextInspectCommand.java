package dev.berth.cli.cmd;

import dev.berth.cli.format.InspectFormat;
import dev.berth.cli.format.Template;
import dev.berth.cli.format.TemplateException;
import dev.berth.cli.json.Json;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code context inspect [default…]}: the default context's endpoint; any other name is refused by name. */
@Command(name = "inspect", description = "Display detailed information on one or more contexts")
public final class ContextInspectCommand extends BaseCommand {
    @Option(names = {"-f", "--format"}, description = "Format output using a custom template")
    String format;

    @Parameters(arity = "0..*", paramLabel = "CONTEXT")
    List<String> names = new ArrayList<>();

    @Override
    protected int run() {
        Template tmpl = format == null || format.isEmpty() || format.equals("json") ? null : InspectFormat.parse(format);
        List<Object> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (String n : names.isEmpty() ? DefaultContext.names() : names) {
            if (!n.equals(DefaultContext.NAME)) {
                errors.add(DefaultContext.refusal(n));
                continue;
            }
            Object c = DefaultContext.inspect(ctx());
            if (tmpl == null) {
                found.add(c);
            } else {
                try {
                    lines.append(InspectFormat.executeTyped(tmpl, c, "context")).append('\n');
                } catch (TemplateException e) {
                    errors.add(e.getMessage());
                }
            }
        }
        if (tmpl == null) out().println(Json.writeIndented(found, "    "));
        else out().print(lines.length() == 0 ? "\n" : lines);
        for (String e : errors) err().println(e);
        return errors.isEmpty() ? 0 : 1;
    }
}
