package dev.berth.cli.cmd;

import dev.berth.cli.http.Query;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tag}: POST /images/{source}/tag?repo=…&tag=…. */
@Command(name = "tag", description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
public final class TagCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SOURCE_IMAGE[:TAG]")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]")
    String target;

    @Override
    protected int run() throws IOException {
        String[] rt = Names.repoTag(target);
        client().post("/images/" + Query.seg(source) + "/tag"
                + Query.of().add("repo", rt[0]).add("tag", rt[1].isEmpty() ? "latest" : rt[1]), null);
        return 0;
    }
}
