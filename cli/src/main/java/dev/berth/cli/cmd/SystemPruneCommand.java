package dev.berth.cli.cmd;

import dev.berth.cli.format.Units;
import dev.berth.cli.http.DockerClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code system prune}: after docker's confirmation (unless -f), the container, network, volume
 * (with --volumes), image and build-cache prunes in that order, each printing what it deleted as
 * its own command does, then the space reclaimed by all of them.
 */
@Command(name = "prune", description = "Remove unused data")
public final class SystemPruneCommand extends BaseCommand {
    @Option(names = {"-a", "--all"}, description = "Remove all unused images not just dangling ones")
    boolean all;

    @Option(names = "--filter", description = "Provide filter values (e.g. \"label=<key>=<value>\")")
    List<String> filters = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--volumes", description = "Prune anonymous volumes")
    boolean volumes;

    @Override
    protected int run() throws IOException {
        Filters.encode(filters, "--filter");
        TreeSet<String> shown = new TreeSet<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            shown.add(f.substring(0, eq).trim().toLowerCase() + "=" + f.substring(eq + 1).trim());
        }
        if (volumes && shown.stream().anyMatch(f -> f.startsWith("until="))) {
            err().println("ERROR: The \"until\" filter is not supported with \"--volumes\"");
            return 1;
        }
        if (!force) {
            if (!confirmed(warning(all, volumes, shown))) {
                return 0;
            }
        }
        DockerClient client = client();
        PrintStream out = out();
        long reclaimed = ContainerPruneCommand.prune(client, filters, out);
        NetworkPruneCommand.prune(client, filters, out);
        if (volumes) reclaimed += VolumePruneCommand.prune(client, filters, out);
        reclaimed += ImagePruneCommand.prune(client, all, filters, out);
        reclaimed += BuilderPruneCommand.prune(client, all, filters, 0, out);
        out.println("Total reclaimed space: " + Units.humanSize(reclaimed));
        return 0;
    }

    /** docker's prompt: what the flags make it remove, then the filters (sorted), then the question. */
    static String warning(boolean all, boolean volumes, TreeSet<String> filters) {
        StringBuilder sb = new StringBuilder("WARNING! This will remove:\n");
        sb.append("  - all stopped containers\n");
        sb.append("  - all networks not used by at least one container\n");
        if (volumes) sb.append("  - all anonymous volumes not used by at least one container\n");
        sb.append(all ? "  - all images without at least one container associated to them\n" : "  - all dangling images\n");
        sb.append(all ? "  - all build cache\n" : "  - unused build cache\n");
        if (!filters.isEmpty()) {
            sb.append("\n  Items to be pruned will be filtered with:\n");
            for (String f : filters) sb.append("  - ").append(f).append('\n');
        }
        return sb.append("\nAre you sure you want to continue? [y/N] ").toString();
    }
}
