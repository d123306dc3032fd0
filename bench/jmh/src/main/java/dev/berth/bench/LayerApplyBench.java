package dev.berth.bench;

import dev.berth.image.AppliedLayer;
import dev.berth.image.LayerStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code LayerStore.apply} of the busybox rootfs tar (scripts/busybox-rootfs: one static binary and
 * ~400 symlinks), from memory into a layer store in a temp dir: hash + extract + rename into place.
 * The layer is deleted after each invocation (not timed). The tar's path comes from the system
 * property {@code bench.busybox.tar} (bench/jmh/run makes it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LayerApplyBench {
    Path root;
    LayerStore store;
    byte[] tar;
    AppliedLayer last;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String path = System.getProperty("bench.busybox.tar");
        if (path == null) {
            throw new IllegalStateException("-Dbench.busybox.tar=<busybox rootfs tar> is required");
        }
        tar = Files.readAllBytes(Path.of(path));
        root = Files.createTempDirectory("berth-jmh-layers");
        store = new LayerStore(root);
    }

    @Benchmark
    public AppliedLayer apply() {
        last = store.apply(null, new ByteArrayInputStream(tar));
        return last;
    }

    @TearDown(Level.Invocation)
    public void deleteLayer() {
        if (last != null) {
            store.delete(last.chainId());
            last = null;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (var files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
