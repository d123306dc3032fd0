package dev.berth.daemon;

import dev.berth.actors.Engine;
import dev.berth.persistence.HistoryRetention;
import dev.berth.persistence.JournalCompaction;
import dev.berth.persistence.JournalPruning;
import dev.berth.persistence.ReadModelSnapshot;
import dev.berth.persistence.ReadModelSnapshots;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps start-up independent of how long the history is, and applies {@code history-retention}.
 * <ul>
 *   <li>Every {@link #CHECKPOINT} the read-model snapshot is brought up to the journal's end as it was one
 *       checkpoint earlier (rows that have settled in H2's file, see {@link Engine#saveReadModels(ActorSystem,
 *       Path, long)}), so a start after a kill -9 replays about two checkpoints of journal at most, not
 *       everything since the last clean stop.</li>
 *   <li>With a retention, {@link JournalPruning} runs once right after start-up and then every half
 *       retention (at least every second, at most every hour).</li>
 *   <li>Every {@link #COMPACT_EVERY}, {@link JournalCompaction} compacts the journal's file when less
 *       than half of it is live data (at most {@link #COMPACT_BUDGET} a pass): without it H2 appends
 *       ~150 KB per {@code run --rm} for ~10 KB of events. After each, the acknowledged-events log
 *       drops what the file now holds for certain ({@link Engine#trimAcknowledged}).</li>
 * </ul>
 * Both run on one background thread; a failure is logged and tried again next time.
 */
final class HistoryHousekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryHousekeeping.class);
    static final Duration CHECKPOINT = Duration.ofMinutes(1);
    /**
     * Commits wait while a pass runs, so passes are short and frequent: one a minute fell behind at ~300
     * {@code run --rm} a minute (issue #12 hygiene: the file grew ~58 KB a run and H2's in-heap record of
     * each chunk with it). A pass does nothing when the file is at least half live.
     */
    static final Duration COMPACT_EVERY = Duration.ofSeconds(10);
    static final Duration COMPACT_BUDGET = Duration.ofMillis(500);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "berth-history");
        t.setDaemon(true);
        return t;
    });

    // the journal's last ordering at the previous checkpoint: touched by the timer's one thread only
    private long settled;
    // the ordering the last checkpoint saved up to
    private long saved;

    HistoryHousekeeping(ActorSystem<?> system, Path dataRoot, HistoryRetention retention, Predicate<String> live,
                        LongSupplier trimAcknowledged) {
        timer.scheduleWithFixedDelay(() -> guarded("saving the read-model snapshot", () -> checkpoint(system, dataRoot)),
                CHECKPOINT.toMillis(), CHECKPOINT.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> guarded("compacting the journal", () -> {
                    compact(dataRoot);
                    long dropped = trimAcknowledged.getAsLong();
                    if (dropped > 0) {
                        LOG.debug("acknowledged-events log: {} bytes the journal holds dropped", dropped);
                    }
                }),
                COMPACT_EVERY.toMillis(), COMPACT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        if (retention != null) {
            long period = period(retention.maxAge()).toMillis();
            timer.scheduleWithFixedDelay(() -> guarded("pruning the journal",
                    () -> prune(system, dataRoot, retention, live)),
                    0, period, TimeUnit.MILLISECONDS);
        }
    }

    /** The snapshot up to the journal's end as the previous call saw it; then notes the end for the next. */
    private void checkpoint(ActorSystem<?> system, Path dataRoot) {
        long end = JournalPruning.lastOrdering(dataRoot);
        if (settled > saved) {
            // an idle daemon reads nothing more than the ordering index
            Engine.saveReadModels(system, dataRoot, settled);
            saved = settled;
        }
        settled = end;
    }

    private static void compact(Path dataRoot) {
        var result = JournalCompaction.compact(dataRoot, COMPACT_BUDGET.toMillis());
        if (result.compacted()) {
            LOG.debug("journal compacted in {} ms: {} -> {} bytes, chunks {}% -> {}% live", result.millis(),
                    result.fileBytesBefore(), result.fileBytesAfter(), result.fillRateBefore(), result.fillRateAfter());
        }
    }

    static Duration period(Duration maxAge) {
        Duration half = maxAge.dividedBy(2);
        if (half.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return half.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : half;
    }

    /**
     * The read-model snapshot is brought up to date first, and only rows it covers may go: a start folds
     * the snapshot and the rows after it, so a removal must be in the snapshot before the object's rows
     * leave the journal (else the next start would see the object as it was in an older snapshot).
     */
    private void prune(ActorSystem<?> system, Path dataRoot, HistoryRetention retention, Predicate<String> live) {
        long t0 = System.nanoTime();
        checkpoint(system, dataRoot);
        long upTo = ReadModelSnapshots.load(system, dataRoot).map(ReadModelSnapshot::ordering).orElse(0L);
        var result = JournalPruning.prune(dataRoot, Instant.now().minus(retention.maxAge()), upTo, live);
        if (result.events() > 0) {
            LOG.info("history-retention {}: deleted {} events ({} gone objects) in {} ms", retention.maxAge(),
                    result.events(), result.objects(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
    }

    private static void guarded(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed, trying again later: {}", what, e.toString());
        }
    }

    @Override
    public void close() {
        // a pass in progress finishes: an interrupt inside H2's file I/O would close its channel
        timer.shutdown();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
