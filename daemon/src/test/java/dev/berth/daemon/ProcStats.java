package dev.berth.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A daemon process's footprint, read from {@code /proc} and the data root, for HygieneIT. */
record ProcStats(long rssKib, int fds, int threads, long dataRootKib, long journalBytes) {

    /**
     * A sample once the daemon is quiet: 62 s without work, so that the idle threads of the cached and
     * fork-join pools have ended (their keep-alive is 60 s, all of a burst together; a thread a periodic
     * task starts meanwhile is within the callers' +3), then a full GC ({@code jcmd GC.run}). Waiting for
     * the count to stay unchanged instead took up to 4 minutes a sample on a busy machine.
     */
    static ProcStats settle(long pid, Path dataRoot) throws IOException, InterruptedException {
        return settle(pid, dataRoot, quick -> false);
    }

    /**
     * {@link #settle(long, Path)}, but the wait ends as soon as a quick sample (fds and threads, no GC)
     * satisfies {@code within}: for the sample compared against a baseline. A leaked thread or fd never
     * goes away, so a count within the bound at any moment of the 62 s proves what the full wait
     * would; only idle pool threads still alive can make the early sample higher, never lower.
     */
    static ProcStats settle(long pid, Path dataRoot, Predicate<ProcStats> within)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(62).toNanos();
        while (System.nanoTime() < deadline && !within.test(sample(pid, null))) {
            Thread.sleep(500);
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        BerthdProcess.run(Duration.ofSeconds(60), jcmd.toString(), Long.toString(pid), "GC.run");
        Thread.sleep(1000);
        return sample(pid, dataRoot);
    }

    static ProcStats sample(long pid, Path dataRoot) throws IOException {
        long rss = 0;
        int threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        int fds;
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds = (int) s.count();
        }
        if (dataRoot == null) {
            return new ProcStats(rss, fds, threads, 0, 0);
        }
        Path journal = dataRoot.resolve("journal");
        long journalBytes = 0;
        try (Stream<Path> files = Files.list(journal)) {
            for (Path f : files.toList()) {
                journalBytes += Files.size(f);
            }
        }
        return new ProcStats(rss, fds, threads, duKib(dataRoot), journalBytes);
    }

    private static long duKib(Path dataRoot) {
        var du = BerthdProcess.run(Duration.ofSeconds(60), "du", "-sk", "--exclude=" + dataRoot.resolve("journal"),
                dataRoot.toString());
        return Long.parseLong(du.out().trim().split("\\s+")[0]);
    }

    /** What the daemon's fds point at (files, {@code socket:[inode]}, {@code anon_inode:…}), for a failure to name. */
    static List<String> fdTargets(long pid) throws IOException {
        List<String> targets = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : s.toList()) {
                try {
                    targets.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        return targets;
    }

    /** The targets in {@code after} that {@code before} had fewer of. */
    static List<String> added(List<String> before, List<String> after) {
        List<String> left = new ArrayList<>(after);
        before.forEach(left::remove);
        return left;
    }

    /** The daemon's fds open on files under {@code dir}. */
    static int fdsUnder(long pid, Path dir) throws IOException {
        int n = 0;
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : s.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).startsWith(dir)) {
                        n++;
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        return n;
    }

    /** The line HygieneIT and scripts/hygiene print, and bench/RESULTS.md quotes. */
    static String report(int runs, long ms, ProcStats start, ProcStats end) {
        return String.format("HYGIENE runs=%d (%.0f ms each) rss_kib=%d->%d fds=%d->%d threads=%d->%d "
                        + "data_root_kib_without_journal=%d->%d journal_bytes=%d->%d (%.0f bytes per run, by design)",
                runs, (double) ms / runs, start.rssKib(), end.rssKib(), start.fds(), end.fds(), start.threads(),
                end.threads(), start.dataRootKib(), end.dataRootKib(), start.journalBytes(), end.journalBytes(),
                (double) (end.journalBytes() - start.journalBytes()) / runs);
    }
}
