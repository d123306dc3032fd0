package dev.berth.cli.cmd;

import dev.berth.cli.http.Body;
import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import dev.berth.cli.json.JsonStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code import}: POST /images/create?fromSrc=-&repo=…&tag=…&message=…&changes=… with the
 * tarball streamed as a chunked body; prints the status lines (the last is the image id).
 */
@Command(name = "import", description = "Import the contents from a tarball to create a filesystem image")
public final class ImportCommand extends BaseCommand {
    @Option(names = {"-c", "--change"}, description = "Apply Dockerfile instruction to the created image")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, description = "Set commit message for imported image")
    String message;

    @Option(names = "--platform", description = "Set platform if server is multi-platform capable")
    String platform;

    @Parameters(index = "0", paramLabel = "file|URL|-")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String reference;

    /** Arguments after REPOSITORY[:TAG]: the docker CLI requires at least one argument and ignores these. */
    @Parameters(index = "2..*", hidden = true, paramLabel = "IGNORED")
    List<String> ignored;

    @Override
    protected int run() throws IOException {
        boolean url = source.startsWith("http://") || source.startsWith("https://");
        Query q = Query.of().add("fromSrc", url ? source : "-");
        if (reference != null) {
            String[] rt = Names.repoTag(reference);
            q.add("repo", rt[0]).addIfPresent("tag", rt[1]);
        }
        q.addIfPresent("message", message).addIfPresent("platform", platform);
        for (String c : changes) q.add("changes", c);
        Body body;
        InputStream in = null;
        if (url) {
            body = Body.NONE;
        } else {
            if (!source.equals("-") && !Files.exists(Path.of(source))) {
                throw new UsageException("open " + source + ": no such file or directory");  // the docker CLI's words, exit 1
            }
            in = source.equals("-") ? ctx().in() : Files.newInputStream(Path.of(source));
            body = new Body.Streamed(in, "application/x-tar");
        }
        String[] error = new String[1];
        try (HttpResponse r = client().call("POST", "/images/create" + q, body)) {
            JsonStream.forEach(r.body(), m -> {
                String e = Json.str(m, "error");
                if (!e.isEmpty()) error[0] = e;
                else if (!Json.str(m, "status").isEmpty()) out().println(Json.str(m, "status"));
            });
        } finally {
            if (in != null && in != ctx().in()) in.close();
        }
        if (error[0] != null) throw new DaemonException(500, error[0]);
        return 0;
    }
}
