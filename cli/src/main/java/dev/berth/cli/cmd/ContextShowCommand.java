package dev.berth.cli.cmd;

import picocli.CommandLine.Command;

/** {@code context show}: the current context's name, always {@code default} for berth. */
@Command(name = "show", description = "Print the name of the current context")
public final class ContextShowCommand extends BaseCommand {
    @Override
    protected int run() {
        out().println(DefaultContext.NAME);
        return 0;
    }
}
