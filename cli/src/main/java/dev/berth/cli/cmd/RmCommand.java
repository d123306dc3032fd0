package dev.berth.cli.cmd;

import dev.berth.cli.http.Query;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rm}: DELETE /containers/{id}?force=1&v=1. */
@Command(name = "rm", description = "Remove one or more containers")
public final class RmCommand extends BaseCommand {
    @Option(names = {"-f", "--force"}, description = "Force the removal of a running container (uses SIGKILL)")
    boolean force;

    @Option(names = {"-v", "--volumes"}, description = "Remove anonymous volumes associated with the container")
    boolean volumes;

    @Option(names = {"-l", "--link"}, description = "Remove the specified link")
    boolean link;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    protected int run() throws IOException {
        Query q = Query.of().flag("v", volumes).flag("link", link).flag("force", force);
        return EachContainer.apply(containers, out(), err(),
                c -> client().delete("/containers/" + Query.seg(c) + q));
    }
}
