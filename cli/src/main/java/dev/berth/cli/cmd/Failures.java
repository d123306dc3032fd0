package dev.berth.cli.cmd;

import dev.berth.cli.format.TemplateException;
import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.DaemonUnreachableException;
import dev.berth.cli.json.JsonException;
import java.io.IOException;
import java.io.PrintStream;

/**
 * A command's failure, worded and coded like docker's: a daemon error prints {@code Error response
 * from daemon: …} and exits 1; a bad flag value exits 125 with the usage line; another refusal (UsageException) prints its message and exits 1. Shared by the picocli tree and the lean
 * path so both print the same.
 */
public final class Failures {
    private Failures() {}

    /**
     * The exit code for {@code e}, after printing it to {@code err}; {@code command} is the qualified
     * name ({@code container ls}) the usage hint names. Anything else is rethrown.
     */
    public static int report(Exception e, String command, String useLine, PrintStream err) {
        if (e instanceof UsageException u && u.flagError()) {
            return flagError(u.getMessage(), command, useLine, err);
        }
        return report(e, command, err);
    }

    /** docker's flag error: the message, the command's usage line and where its help is; exit 125. */
    public static int flagError(String message, String command, String useLine, PrintStream err) {
        err.println(message);
        err.println();
        err.println("Usage:  " + useLine);
        err.println();
        err.println("Run 'berth " + command + " --help' for more information");
        return 125;
    }

    public static int report(Exception e, String command, PrintStream err) {
        if (e instanceof DaemonException) {
            err.println("Error response from daemon: " + e.getMessage());
            return 1;
        }
        if (e instanceof UsageException u && u.unsupported()) {
            // berth's own refusal of a docker feature it lacks: a usage error, as before
            err.println(e.getMessage());
            err.println("See 'berth " + command + " --help'.");
            return 125;
        }
        if (e instanceof UsageException) {
            // what docker's commands refuse once their flags are read: the message alone, exit 1
            err.println(e.getMessage());
            return 1;
        }
        if (e instanceof TemplateException t) {
            err.println(t.getMessage());
            return t.exitCode();
        }
        if (e instanceof DaemonUnreachableException) {
            err.println(e.getMessage());
            return 1;
        }
        if (e instanceof IOException || e instanceof JsonException || e instanceof IllegalArgumentException) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return 130;
        }
        if (e instanceof RuntimeException r) throw r;
        throw new IllegalStateException(e);
    }
}
