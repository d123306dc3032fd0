package dev.berth.engine;

import dev.berth.persistence.container.ContainerHealth;
import dev.berth.spi.runtime.ExecSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One health probe's process: its stdout and stderr into one buffer capped as dockerd caps it (4096
 * bytes, then "..."), killed when it outlives the timeout (then exit -1 and dockerd's message).
 */
final class ProbeRun {
    static final int MAX_OUTPUT = 4096;

    private final byte[] output = new byte[MAX_OUTPUT];
    private int length;
    private boolean truncated;
    private final AtomicBoolean timedOut = new AtomicBoolean();

    private ProbeRun() {}

    static CompletableFuture<ContainerHealth.Probe> of(ExecSession session, Instant start, Duration timeout,
                                                        Executor streams, ScheduledExecutorService timers) {
        ProbeRun run = new ProbeRun();
        var killer = timers.schedule(() -> {
            run.timedOut.set(true);
            // SIGKILL the probe process (runc, its parent, then exits 137 and the streams end)
            ProcessHandle.of(session.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        CompletableFuture<Void> out = CompletableFuture.runAsync(() -> run.drain(session.stdout()), streams);
        CompletableFuture<Void> err = CompletableFuture.runAsync(() -> run.drain(session.stderr()), streams);
        return CompletableFuture.allOf(out, err).thenCombine(session.exitCode(), (x, code) -> code)
                .handle((code, error) -> {
                    killer.cancel(false);
                    session.close();
                    String text = run.text();
                    if (run.timedOut.get()) {
                        String msg = "Health check exceeded timeout (" + goDuration(timeout) + ")";
                        return new ContainerHealth.Probe(start, Instant.now(), -1, text.isEmpty() ? msg : msg + ": " + text);
                    }
                    if (error != null) {
                        return new ContainerHealth.Probe(start, Instant.now(), -1, error.toString());
                    }
                    return new ContainerHealth.Probe(start, Instant.now(), code, text);
                });
    }

    private void drain(InputStream in) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                append(buf, n);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    private synchronized void append(byte[] buf, int n) {
        int keep = Math.min(MAX_OUTPUT - length, n);
        if (keep > 0) {
            System.arraycopy(buf, 0, output, length, keep);
            length += keep;
        }
        if (keep < n) {
            truncated = true;
        }
    }

    private synchronized String text() {
        String s = new String(Arrays.copyOf(output, length), StandardCharsets.UTF_8);
        return truncated ? s + "..." : s;
    }

    /** Go's {@code time.Duration.String()}: 1s, 500ms, 1m30s, 1h0m0s, 1.5s. */
    static String goDuration(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000) {
            return nanos + "ns";
        }
        if (nanos < 1_000_000) {
            return fraction(nanos, 1_000) + "µs";
        }
        if (nanos < 1_000_000_000) {
            return fraction(nanos, 1_000_000) + "ms";
        }
        long hours = nanos / 3_600_000_000_000L;
        long minutes = nanos / 60_000_000_000L % 60;
        String seconds = fraction(nanos % 60_000_000_000L, 1_000_000_000) + "s";
        if (hours > 0) {
            return hours + "h" + minutes + "m" + seconds;
        }
        return minutes > 0 ? minutes + "m" + seconds : seconds;
    }

    private static String fraction(long value, long unit) {
        long whole = value / unit;
        long rest = value % unit;
        if (rest == 0) {
            return Long.toString(whole);
        }
        String digits = String.format("%0" + Long.toString(unit).length() + "d", rest).substring(1);
        return whole + "." + digits.replaceAll("0+$", "");
    }
}
