package dev.berth.cli.cmd;

import picocli.CommandLine.Command;

/** {@code container inspect}: containers only. */
@Command(name = "inspect", description = "Display detailed information on one or more containers")
public final class ContainerInspectCommand extends InspectCommand {
    @Override
    protected String fixedType() {
        return "container";
    }
}
