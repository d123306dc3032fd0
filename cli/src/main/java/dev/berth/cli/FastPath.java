package dev.berth.cli;

import dev.berth.cli.cmd.Lean;

/**
 * The global options in front of a hot command, for the lean path ({@link Lean}): only
 * {@code -H}/{@code --host} in its four spellings; any other global option, or none of the hot
 * commands, leaves the line to the picocli tree.
 */
final class FastPath {
    private FastPath() {}

    /** The command's exit code, or {@link Lean#NOT_MINE}. */
    static int run(String[] args, CliContext ctx) {
        String host = null;
        int i = 0;
        while (i < args.length && args[i].startsWith("-")) {
            String a = args[i];
            if (a.equals("-H") || a.equals("--host")) {
                if (i + 1 >= args.length || args[i + 1].startsWith("-")) return Lean.NOT_MINE;
                host = args[i + 1];
                i += 2;
            } else if (a.startsWith("--host=")) {
                host = a.substring("--host=".length());
                i++;
            } else if (a.startsWith("-H") && a.length() > 2 && a.charAt(2) != '=') {
                host = a.substring(2);
                i++;
            } else {
                return Lean.NOT_MINE;
            }
        }
        if (i >= args.length) return Lean.NOT_MINE;
        if (host != null) ctx.host(host);
        return Lean.run(args, i, ctx);
    }
}
