package dev.berth.cli.cmd;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The export's line format, as the daemon writes it (persistence's {@code HistoryExport}), read by the CLI. */
final class HistoryLines {
    private static final Pattern TRAILER = Pattern.compile("^\\{\"count\":(\\d+),\"sha256\":\"([0-9a-f]{64})\"}$");
    private static final Pattern OFFSET = Pattern.compile("^\\{\"offset\":(\\d+),\"persistenceId\":\"([^\"]*)\",\"sequenceNr\":(\\d+),");

    record Trailer(long count, String sha256) {}

    private HistoryLines() {}

    static Trailer trailer(String line) {
        Matcher m = TRAILER.matcher(line);
        return m.matches() ? new Trailer(Long.parseLong(m.group(1)), m.group(2)) : null;
    }

    /**
     * Reads an export into {@code events} (the event lines) and checks its last line against them.
     *
     * @return what is wrong with the file, or null
     */
    static String checkFile(Path file, List<String> events) throws IOException {
        MessageDigest sha = sha256();
        String last = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (last != null) {
                    if (offset(last) < 0) {
                        return "line " + (events.size() + 1) + " is not an exported event: " + abbreviate(last);
                    }
                    events.add(last);
                    sha.update((last + "\n").getBytes(StandardCharsets.UTF_8));
                }
                last = line;
            }
        }
        Trailer trailer = last == null ? null : trailer(last);
        if (trailer == null) {
            return "no count and digest line at the end: not a complete export";
        }
        if (trailer.count() != events.size()) {
            return "the file holds " + events.size() + " events, its last line says " + trailer.count();
        }
        String digest = HexFormat.of().formatHex(sha.digest());
        if (!digest.equals(trailer.sha256())) {
            return "the events' SHA-256 is " + digest + ", its last line says " + trailer.sha256()
                    + ": the file was altered after the export";
        }
        return null;
    }

    /**
     * Every exported event must be in the fresh export, equal, in the same order; events the fresh export has
     * besides them (written since) are fine.
     *
     * @return the first difference, or null
     */
    static String compare(List<String> events, BufferedReader fresh) throws IOException {
        String current = fresh.readLine();
        for (String expected : events) {
            long offset = offset(expected);
            while (current != null && offset(current) >= 0 && offset(current) < offset) {
                current = fresh.readLine();
            }
            if (current == null || offset(current) != offset) {
                return "event at offset " + offset + " (" + identity(expected) + ") is missing from the journal";
            }
            if (!current.equals(expected)) {
                return "event at offset " + offset + " (" + identity(expected) + ") differs:\n  exported: "
                        + abbreviate(expected) + "\n  journal:  " + abbreviate(current);
            }
            current = fresh.readLine();
        }
        return null;
    }

    /** {@code berthd --export-history DIR}: the export of a stopped daemon's journal on stdout. */
    static Process exportProcess(Path dataRoot) throws IOException {
        String home = System.getProperty("berth.home");
        if (home == null) {
            throw new IllegalArgumentException("--data-root needs berth's installation (run bin/berth)");
        }
        return new ProcessBuilder(Path.of(home, "bin", "berthd").toString(), "--export-history", dataRoot.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static long offset(String line) {
        Matcher m = OFFSET.matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String identity(String line) {
        Matcher m = OFFSET.matcher(line);
        return m.find() ? m.group(2) + " #" + m.group(3) : "?";
    }

    private static String abbreviate(String line) {
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
