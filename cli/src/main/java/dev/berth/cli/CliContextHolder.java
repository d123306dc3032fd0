package dev.berth.cli;

import picocli.CommandLine.Model.CommandSpec;

/** Finds the context from any command of the tree, through the root command. */
public final class CliContextHolder {
    private CliContextHolder() {}

    public static CliContext of(CommandSpec spec) {
        return ((BerthCommand) spec.root().userObject()).ctx();
    }
}
