package dev.berth.cli.cmd;

import dev.berth.cli.format.ListFormat;
import dev.berth.cli.format.Row;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code context ls}: the one row of the default context, as docker's contextContext draws it. */
@Command(name = "ls", description = "List contexts")
public final class ContextLsCommand extends BaseCommand {
    static final String DEFAULT_TABLE = "table {{.Name}}{{if .Current}} *{{end}}\t{{.Description}}\t{{.DockerEndpoint}}\t{{.Error}}";
    static final Map<String, Object> HEADERS = Map.of("Name", "NAME", "Description", "DESCRIPTION",
            "DockerEndpoint", "DOCKER ENDPOINT", "Error", "ERROR");

    @Option(names = "--format", description = "Format output using a custom template")
    String format;

    @Option(names = {"-q", "--quiet"}, description = "Only show context names")
    boolean quiet;

    @Override
    protected int run() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Name", DefaultContext.NAME);
        f.put("Current", true);
        f.put("Description", DefaultContext.DESCRIPTION);
        f.put("DockerEndpoint", ctx().hostText());
        f.put("Error", "");
        String fmt = format == null || format.isEmpty() || format.equals("table") ? DEFAULT_TABLE : format;
        if (quiet) fmt = "{{.Name}}";
        out().print(ListFormat.render(fmt, List.of(new Row("contextContext", f)), HEADERS));
        if (DefaultContext.hostFromEnv(ctx())) err().println(DefaultContext.HOST_WARNING);
        return 0;
    }
}
