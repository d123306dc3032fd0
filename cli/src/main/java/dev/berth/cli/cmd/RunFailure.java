package dev.berth.cli.cmd;

import java.io.PrintStream;

/** How {@code run} reports a failure: docker's wording and its 125/126/127 exit codes. */
final class RunFailure {
    private RunFailure() {}

    /** A start failure: 127 when the command is missing, 126 when it cannot be executed, else 125. */
    static int startFailed(String message, PrintStream err) {
        String m = message.toLowerCase();
        int code = 125;
        if (m.contains("executable file not found") || m.contains("no such file or directory")) code = 127;
        else if (m.contains("permission denied") || m.contains("is a directory") || m.contains("not a directory")) code = 126;
        return report("Error response from daemon: " + message, code, err);
    }

    static int report(String message, int code, PrintStream err) {
        err.println("berth: " + message);
        err.println();
        err.println("Run 'berth run --help' for more information");
        return code;
    }
}
