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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code export}: GET /containers/{id}/export, the root filesystem's tar to a file or stdout (never a terminal). */
@Command(name = "export", description = "Export a container's filesystem as a tar archive")
public final class ExportCommand extends BaseCommand {
    @Option(names = {"-o", "--output"}, description = "Write to a file, instead of STDOUT")
    String output;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    protected int run() throws IOException {
        if (output == null && System.console() != null) {
            throw new UsageException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }
        try (HttpResponse r = client().call("GET", "/containers/" + Query.seg(container) + "/export", Body.NONE)) {
            if (output == null) {
                r.body().transferTo(out());
                out().flush();
            } else {
                Path target = Path.of(output).toAbsolutePath();
                Path tmp = Files.createTempFile(target.getParent(), ".docker_temp_", "");
                try (InputStream in = r.body(); OutputStream o = Files.newOutputStream(tmp)) {
                    in.transferTo(o);
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return 0;
    }
}
