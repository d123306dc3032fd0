package dev.berth.cli.cmd;

import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code image inspect}: images only. */
@Command(name = "inspect", description = "Display detailed information on one or more images")
public final class ImageInspectCommand extends InspectCommand {
    @Option(names = "--platform", description = "Inspect a specific platform of the multi-platform image "
            + "(berthd keeps one platform per image: another is an error)")
    String platform;

    @Override
    protected String fixedType() {
        return "image";
    }

    @Override
    protected int run() throws IOException {
        return new InspectRequest(fixedType(), format, size, at, names, platform).run(ctx());
    }
}
