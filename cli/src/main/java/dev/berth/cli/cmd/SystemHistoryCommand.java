package dev.berth.cli.cmd;

import dev.berth.cli.http.Body;
import dev.berth.cli.http.HttpResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code system history --export FILE}: GET /berth/history/export to a file, with progress on stderr.
 * {@code system history --verify FILE [--data-root DIR]}: the file's own count and digest checked, then
 * every event in it looked up, in order, in a fresh export of the running daemon (or of a stopped one's
 * data root, read by {@code berthd --export-history}); the first difference ends it with exit 1.
 */
@Command(name = "history", description = "Berth: export the journal's whole history, or verify a journal against an export")
public final class SystemHistoryCommand extends BaseCommand {
    static final String ROUTE = "/berth/history/export";
    private static final int PROGRESS_EVERY = 50_000;

    @Option(names = "--export", paramLabel = "FILE", description = "Write every event as JSON lines, then a count and SHA-256 line")
    Path export;

    @Option(names = "--verify", paramLabel = "FILE", description = "Check that every event of this export is in the journal, equal and in order")
    Path verify;

    @Option(names = "--data-root", paramLabel = "DIR", description = "With --verify: read a stopped daemon's journal under DIR instead of asking the daemon")
    Path dataRoot;

    @Override
    protected int run() throws IOException, InterruptedException {
        if ((export == null) == (verify == null)) {
            throw new UsageException("\"berth system history\" requires exactly one of --export FILE and --verify FILE");
        }
        if (dataRoot != null && verify == null) {
            throw new UsageException("--data-root goes with --verify");
        }
        return export != null ? export() : verify();
    }

    private int export() throws IOException {
        long lines = 0;
        String last = null;
        try (HttpResponse r = client().call("GET", ROUTE, Body.NONE);
             var in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(export, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line);
                out.write('\n');
                last = line;
                if (++lines % PROGRESS_EVERY == 0) {
                    err().println("Exported " + lines + " events");
                }
            }
        }
        HistoryLines.Trailer trailer = last == null ? null : HistoryLines.trailer(last);
        if (trailer == null) {
            err().println("Error: the export ended early after " + lines + " lines (see the daemon's log): " + export
                    + " is incomplete");
            return 1;
        }
        out().println("Exported " + trailer.count() + " events to " + export + " (sha256 " + trailer.sha256() + ")");
        return 0;
    }

    private int verify() throws IOException, InterruptedException {
        List<String> events = new ArrayList<>();
        String problem = HistoryLines.checkFile(verify, events);
        if (problem != null) {
            err().println(verify + ": " + problem);
            return 1;
        }
        Process berthd = null;
        HttpResponse response = null;
        InputStream fresh;
        if (dataRoot != null) {
            berthd = HistoryLines.exportProcess(dataRoot);
            fresh = berthd.getInputStream();
        } else {
            response = client().call("GET", ROUTE, Body.NONE);
            fresh = response.body();
        }
        try (var in = new BufferedReader(new InputStreamReader(fresh, StandardCharsets.UTF_8))) {
            String difference = HistoryLines.compare(events, in);
            if (difference != null) {
                err().println("mismatch: " + difference);
                return 1;
            }
        } finally {
            if (response != null) {
                response.close();
            }
            if (berthd != null) {
                berthd.destroy();
                berthd.waitFor();
            }
        }
        out().println("OK: all " + events.size() + " events of " + verify + " are in the journal"
                + (dataRoot == null ? "" : " under " + dataRoot) + ", equal and in order");
        return 0;
    }
}
