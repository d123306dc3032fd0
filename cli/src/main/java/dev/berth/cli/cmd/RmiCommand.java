package dev.berth.cli.cmd;

import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rmi}: DELETE /images/{name}?force=…&noprune=…&platforms=…, prints its Untagged/Deleted lines. */
@Command(name = "rmi", description = "Remove one or more images")
public final class RmiCommand extends BaseCommand {
    @Option(names = {"-f", "--force"}, description = "Force removal of the image")
    boolean force;

    @Option(names = "--no-prune", description = "Do not delete untagged parents")
    boolean noPrune;

    @Option(names = "--platform", description = "Remove only the given platform variant")
    List<String> platforms = new java.util.ArrayList<>();

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    protected int run() throws IOException {
        int rc = 0;
        for (String img : images) {
            try {
                Query q = Query.of().flag("force", force).flag("noprune", noPrune);
                platforms.forEach(p -> q.add("platforms", PlatformArg.json(p)));
                Object r = client().delete("/images/" + Query.seg(img) + q);
                for (Object item : Json.list(r)) {
                    String untagged = Json.str(item, "Untagged");
                    String deleted = Json.str(item, "Deleted");
                    if (!untagged.isEmpty()) out().println("Untagged: " + untagged);
                    if (!deleted.isEmpty()) out().println("Deleted: " + deleted);
                }
            } catch (DaemonException e) {
                err().println("Error response from daemon: " + e.getMessage());
                rc = 1;
            }
        }
        return rc;
    }
}
