package dev.berth.cli;

import dev.berth.cli.cmd.Lean;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Entry point of the {@code berth} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String training = System.getProperty("berth.training");
        if (training != null) {
            // bin/berth records its caches through `java -jar` too: the same class path and manifest
            Training.main(prepend(training, args));
            return;
        }
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(args, new CliContext(out, err, System.in, System.getenv()));
        out.flush();
        err.flush();
        System.out.flush();
        System.err.flush();
        // halt, not exit: the CLI registers no shutdown hooks, and on JDK 21+ System.exit first asks for a
        // System.Logger to log the exit with, whose first lookup runs ServiceLoader<LoggerFinder> through
        // every jar on the class path (opening and indexing all seven), ~3 ms of a ~45 ms `berth ps`.
        Runtime.getRuntime().halt(code);
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /**
     * Runs one command line against the given streams; returns its exit code. A hot command whose
     * flags the lean path reads runs there, without loading picocli; any other line gets the tree.
     */
    public static int run(String[] args, CliContext ctx) {
        try {
            int code = FastPath.run(args, ctx);
            return code != Lean.NOT_MINE ? code : CommandTree.build(ctx, args).execute(args);
        } finally {
            ctx.out().flush();
            ctx.err().flush();
        }
    }

    /** As {@link #run}, always through the picocli tree: what the lean path must print the same as. */
    public static int runFullTree(String[] args, CliContext ctx) {
        try {
            return CommandTree.build(ctx, args).execute(args);
        } finally {
            ctx.out().flush();
            ctx.err().flush();
        }
    }
}
