package dev.berth.cli.cmd;

import dev.berth.cli.http.DaemonException;
import dev.berth.cli.json.Json;
import dev.berth.cli.json.JsonStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders Docker's JSON progress stream as the docker CLI does: on a terminal one line per layer
 * id, redrawn in place as its status changes; otherwise plain lines, without the progress bars.
 * An {@code error} message ends the command with that error.
 */
final class ProgressPrinter {
    private final PrintStream out;
    private final boolean tty;
    private final List<String> ids = new ArrayList<>();

    ProgressPrinter(PrintStream out, boolean tty) {
        this.out = out;
        this.tty = tty;
    }

    static ProgressPrinter forTerminal(PrintStream out) {
        return new ProgressPrinter(out, System.console() != null);
    }

    /** Prints the stream; throws the first error message it carries. */
    void print(InputStream body) throws IOException {
        String[] error = new String[1];
        JsonStream.forEach(body, m -> {
            if (error[0] != null) return;
            String e = Json.str(m, "error");
            if (!e.isEmpty()) {
                error[0] = e;
                return;
            }
            line(m);
        });
        out.flush();
        if (error[0] != null) throw new DaemonException(500, error[0]);
    }

    void line(Object m) {
        String stream = Json.str(m, "stream");
        if (!stream.isEmpty()) {
            out.print(stream);
            return;
        }
        String status = Json.str(m, "status");
        if (status.isEmpty()) return;
        String id = Json.str(m, "id");
        String progress = Json.str(m, "progress");
        String text = (id.isEmpty() ? "" : id + ": ") + status + (progress.isEmpty() ? "" : " " + progress);
        if (!tty) {
            if (progress.isEmpty()) out.println(text);
            return;
        }
        if (id.isEmpty()) {
            out.println(text);
            return;
        }
        int index = ids.indexOf(id);
        if (index < 0) {
            ids.add(id);
            out.println(text);
            return;
        }
        int up = ids.size() - index;
        // Up to the id's line, clear it, write, and back down: docker's in-place redraw.
        out.print("\u001b[" + up + "A\u001b[2K\r" + text + "\u001b[" + up + "B\r");
    }
}
