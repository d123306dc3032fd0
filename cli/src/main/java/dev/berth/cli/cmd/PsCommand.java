package dev.berth.cli.cmd;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ps}: GET /containers/json. */
@Command(name = "ps", description = "List containers")
public final class PsCommand extends BaseCommand {
    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only display container IDs")
    boolean quiet;

    @Option(names = {"-n", "--last"}, defaultValue = "-1", description = "Show n last created containers (includes all states)")
    long last;  // a Go int: 64 bits

    @Option(names = {"-l", "--latest"}, description = "Show the latest created container (includes all states)")
    boolean latest;

    @Option(names = {"-s", "--size"}, description = "Display total file sizes")
    boolean size;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = {"-f", "--filter"}, description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", description = "Format output using a custom template")
    String format;

    @Option(names = "--at", description = "The containers that existed at this time, as they were then (Berth: RFC 3339, unix seconds or a duration ago)")
    String at;

    @Override
    protected int run() throws IOException {
        return new PsRequest(all, quiet, last, latest, size, noTrunc, filters, format, at).run(ctx());
    }
}
