package dev.berth.cli.cmd;

import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code commit}: POST /commit?container=…&repo=…&tag=…&comment=…&author=…&pause=…&changes=…; prints the id. */
@Command(name = "commit", description = "Create a new image from a container's changes")
public final class CommitCommand extends BaseCommand {
    @Option(names = {"-a", "--author"}, description = "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")")
    String author;

    @Option(names = {"-c", "--change"}, description = "Apply Dockerfile instruction to the created image")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, description = "Commit message")
    String message;

    @Option(names = {"-p", "--pause"}, arity = "0..1", description = "Pause container during commit (default true)")
    boolean pause = true;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String reference;

    @Override
    protected int run() throws IOException {
        Query q = Query.of().add("container", container);
        if (reference != null) {
            String[] rt = Names.repoTag(reference);
            q.add("repo", rt[0]).addIfPresent("tag", rt[1]);
        }
        q.addIfPresent("comment", message).addIfPresent("author", author).add("pause", Boolean.toString(pause));
        for (String c : changes) q.add("changes", c);
        Object r = client().post("/commit" + q, java.util.Map.of());
        out().println(Json.str(r, "Id"));
        return 0;
    }
}
