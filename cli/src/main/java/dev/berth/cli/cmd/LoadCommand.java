package dev.berth.cli.cmd;

import dev.berth.cli.http.Body;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.Query;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code load}: POST /images/load with the archive streamed, prints {@code Loaded image: …}. */
@Command(name = "load", description = "Load an image from a tar archive or STDIN")
public final class LoadCommand extends BaseCommand {
    @Option(names = {"-i", "--input"}, description = "Read from tar archive file, instead of STDIN")
    String input;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the load output")
    boolean quiet;

    @Option(names = "--platform", description = "Load only the given platform variant")
    String platform;

    @Override
    protected int run() throws IOException {
        if (input == null && System.console() != null) {
            throw new UsageException("requested load from stdin, but stdin is empty");
        }
        try (InputStream in = input == null ? ctx().in() : Files.newInputStream(Path.of(input));
             HttpResponse r = client().call("POST", "/images/load" + Query.of().flag("quiet", quiet).addIfPresent("platform", PlatformArg.jsonOrNull(platform)),
                     new Body.Streamed(in, "application/x-tar"))) {
            new ProgressPrinter(out(), false).print(r.body());
        }
        return 0;
    }
}
