package dev.berth.cli.cmd;

import dev.berth.cli.http.Body;
import dev.berth.cli.http.Query;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code unpause}: POST /containers/{id}/unpause for each container. */
@Command(name = "unpause", description = "Unpause all processes within one or more containers")
public final class UnpauseCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    protected int run() throws IOException {
        return EachContainer.apply(containers, out(), err(),
                c -> client().call("POST", "/containers/" + Query.seg(c) + "/unpause", Body.NONE).close());
    }
}
