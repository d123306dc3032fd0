package dev.berth.cli;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The workload {@code bin/berth} records a class-data archive (JDK 17) or AOT cache (JDK 25+) from,
 * in the background after a build: what a {@code ps}, {@code inspect} or {@code run} loads before and
 * around its first request. Against the daemon it only reads (ps, images, version, inspect of a name
 * no one uses); run and create are parsed, never executed. Output goes nowhere.
 */
final class Training {
    private Training() {}

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

    /** Arguments: global options to put in front of every line (the user's -H, say). */
    public static void main(String[] globals) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        for (String[] line : EXECUTED) {
            Main.run(concat(globals, line), context(sink));
        }
        for (String[] line : PARSED) {
            String[] args = concat(globals, line);
            CommandTree.build(context(sink), args).parseArgs(args);
        }
        System.exit(0);
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
