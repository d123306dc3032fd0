package dev.berth.cli.cmd;

import picocli.CommandLine.Command;

/** {@code image inspect}: images only. */
@Command(name = "inspect", description = "Display detailed information on one or more images")
public final class ImageInspectCommand extends InspectCommand {
    @Override
    protected String fixedType() {
        return "image";
    }
}
