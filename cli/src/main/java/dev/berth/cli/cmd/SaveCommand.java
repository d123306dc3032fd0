package dev.berth.cli.cmd;

import dev.berth.cli.http.Body;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.Query;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code save}: GET /images/get?names=…, the archive to a file or stdout (never to a terminal). */
@Command(name = "save", description = "Save one or more images to a tar archive (streamed to STDOUT by default)")
public final class SaveCommand extends BaseCommand {
    @Option(names = {"-o", "--output"}, description = "Write to a file, instead of STDOUT")
    String output;

    @Option(names = "--platform", description = "Save only the given platform variant")
    String platform;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    protected int run() throws IOException {
        if (output == null && System.console() != null) {
            throw new UsageException("Cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }
        Query q = Query.of();
        images.forEach(i -> q.add("names", i));
        q.addIfPresent("platform", PlatformArg.jsonOrNull(platform));
        try (HttpResponse r = client().call("GET", "/images/get" + q, Body.NONE)) {
            if (output == null) {
                r.body().transferTo(out());
                out().flush();
            } else {
                Path target = Path.of(output);
                Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".docker_temp_", "");
                try (InputStream in = r.body(); OutputStream o = Files.newOutputStream(tmp)) {
                    in.transferTo(o);
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return 0;
    }
}
