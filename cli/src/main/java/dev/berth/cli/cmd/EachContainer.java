package dev.berth.cli.cmd;

import dev.berth.cli.http.DaemonException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** Applies an operation to several containers, printing each name as given; any failure makes exit 1. */
final class EachContainer {
    interface Op {
        void apply(String container) throws IOException;
    }

    private EachContainer() {}

    static int apply(List<String> containers, PrintStream out, PrintStream err, Op op) throws IOException {
        int rc = 0;
        for (String c : containers) {
            try {
                op.apply(c);
                out.println(c);
            } catch (DaemonException e) {
                err.println("Error response from daemon: " + e.getMessage());
                rc = 1;
            }
        }
        return rc;
    }
}
