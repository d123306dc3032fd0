package dev.berth.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A JVM's live objects by class, from {@code jcmd PID GC.class_histogram} (which runs a full GC first):
 * diffed between two points it names what a leak keeps, where RSS only says that something grew.
 */
record LiveHeap(long bytes, Map<String, Long> instances) {

    static LiveHeap of(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        var r = BerthdProcess.run(Duration.ofSeconds(60), jcmd.toString(), Long.toString(pid), "GC.class_histogram");
        if (r.exitCode() != 0) {
            throw new IllegalStateException("jcmd GC.class_histogram: " + r);
        }
        return parse(r.out());
    }

    /** Rows are {@code   1:   1234   56789  java.lang.String (java.base@17)}; the last is {@code Total N B}. */
    static LiveHeap parse(String histogram) {
        Map<String, Long> instances = new HashMap<>();
        long total = -1;
        for (String line : histogram.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                instances.merge(f[3], Long.parseLong(f[1]), Long::sum);
            } else if (f.length == 3 && f[0].equals("Total")) {
                total = Long.parseLong(f[2]);
            }
        }
        if (total < 0) {
            throw new IllegalArgumentException("not a class histogram: " + histogram.lines().limit(5).toList());
        }
        return new LiveHeap(total, instances);
    }

    /** Classes whose instance count grew by at least {@code atLeast} since {@code before}, most first. */
    List<String> grownSince(LiveHeap before, long atLeast) {
        List<Map.Entry<String, Long>> grown = new ArrayList<>();
        instances.forEach((cls, n) -> {
            long d = n - before.instances.getOrDefault(cls, 0L);
            if (d >= atLeast) {
                grown.add(Map.entry(cls, d));
            }
        });
        grown.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return grown.stream().map(e -> e.getKey() + " +" + e.getValue()).toList();
    }
}
