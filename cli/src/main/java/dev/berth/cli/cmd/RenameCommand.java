package dev.berth.cli.cmd;

import dev.berth.cli.http.Query;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rename}: POST /containers/{id}/rename?name=…. */
@Command(name = "rename", description = "Rename a container")
public final class RenameCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", paramLabel = "NEW_NAME")
    String newName;

    @Override
    protected int run() throws IOException {
        client().post("/containers/" + Query.seg(container) + "/rename" + Query.of().add("name", newName), null);
        return 0;
    }
}
