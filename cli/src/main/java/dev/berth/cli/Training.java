package dev.berth.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The workloads {@code bin/berth} records a class-data archive (JDK 17) or AOT cache (JDK 25+) from,
 * in the background after a build. {@code lean}: the lean path's {@code ps}, {@code inspect} and
 * {@code run} (no picocli), each command line's own archive, since a JDK 25 AOT cache loads all its
 * classes at start-up; {@code full}: the picocli tree. Against the daemon it only reads (ps, images,
 * version, inspect of a name no one uses, a create of an image no one has with {@code --pull never},
 * which the daemon refuses); the tree's run and create are parsed, never executed. Output goes nowhere.
 */
final class Training {
    private Training() {}

    private static final String[][] LEAN = {
        {"ps", "-a"}, {"ps"}, {"container", "ls", "-a"}, {"ps", "-a", "--format", "{{.Names}} {{.Status}}"},
        {"inspect", "berth-training-no-such-object"}, {"container", "inspect", "berth-training-no-such-object"},
        {"image", "inspect", "berth-training-no-such-object"},
        {"run", "--rm", "--pull", "never", "--network", "none", "-e", "A=B", "--name", "berth-training-no-such-name",
            "berth-training-no-such-image:none", "true"},
    };

    /** Against {@link CannedDaemon}: the rows and objects the real daemon may not have. */
    private static final String[][] CANNED = {
        {"ps", "-a"}, {"ps"}, {"ps", "-a", "--no-trunc"}, {"inspect", "web"}, {"inspect", "--format", "{{.Name}}", "web"},
    };

    private static final String[][] EXECUTED = {
        {"--help"}, {"run", "--help"}, {"ps", "-a"}, {"ps"}, {"container", "ls", "-a"}, {"images"}, {"version"},
        {"inspect", "berth-training-no-such-object"}, {"container", "inspect", "berth-training-no-such-object"},
        {"image", "inspect", "berth-training-no-such-object"}, {"ps", "-a", "--format", "{{.Names}} {{.Status}}"},
    };

    private static final String[][] PARSED = {
        {"run", "--rm", "--network", "none", "-e", "A=B", "-v", "/tmp:/tmp", "-p", "8080:80", "--name", "x",
            "busybox", "true"},
        {"create", "-it", "--init", "busybox", "sh"}, {"exec", "-it", "x", "sh"}, {"rm", "-f", "x"},
        {"logs", "-f", "x"}, {"start", "-a", "x"}, {"stop", "x"},
    };

    /** Arguments: {@code lean} or {@code full}, then global options to put in front of every line (-H). */
    public static void main(String[] args) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        if (args.length > 0 && args[0].equals("lean")) {
            String[] globals = Arrays.copyOfRange(args, 1, args.length);
            for (String[] line : LEAN) {
                Main.run(concat(globals, line), context(sink));
            }
            // after the lines above: the first unix socket is a client's (http.UnixSockets), as in use
            try (CannedDaemon canned = new CannedDaemon()) {
                for (String[] line : CANNED) {
                    Main.run(concat(new String[] {"-H", canned.host()}, line), context(sink));
                }
            } catch (IOException e) {
                // a cache without the canned lines: their classes load from the jar
            }
            Runtime.getRuntime().halt(0);  // as Main: no exit logging in the cache
        }
        String[] globals = args.length > 0 && args[0].equals("full") ? Arrays.copyOfRange(args, 1, args.length) : args;
        for (String[] line : EXECUTED) {
            Main.runFullTree(concat(globals, line), context(sink));
        }
        for (String[] line : PARSED) {
            String[] full = concat(globals, line);
            CommandTree.build(context(sink), full).parseArgs(full);
        }
        Runtime.getRuntime().halt(0);
    }

    private static CliContext context(PrintStream sink) {
        return new CliContext(sink, sink, new ByteArrayInputStream(new byte[0]), System.getenv());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
