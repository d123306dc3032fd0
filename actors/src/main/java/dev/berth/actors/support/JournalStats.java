package dev.berth.actors.support;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@link Journaling} has written since berthd started: events by entity type and the time from
 * a persist to its acknowledgement, for {@code --metrics-addr}. Process-wide, as the JVM's own figures
 * are: a {@link Journaling} is made in every entity, and threading a registry through each of them
 * would buy nothing. Counting is a few adders, cheap enough for every persist.
 */
public final class JournalStats {

    /** Upper bounds of the latency histogram's buckets, in seconds (the last bucket, +Inf, is implied). */
    public static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private static final long[] BUCKET_NANOS = new long[BUCKETS.length];
    private static final Map<String, LongAdder> EVENTS = new ConcurrentHashMap<>();
    private static final LongAdder[] WRITES = new LongAdder[BUCKETS.length + 1];
    private static final LongAdder WRITE_NANOS = new LongAdder();

    static {
        for (int i = 0; i < BUCKETS.length; i++) {
            BUCKET_NANOS[i] = (long) (BUCKETS[i] * 1e9);
        }
        for (int i = 0; i < WRITES.length; i++) {
            WRITES[i] = new LongAdder();
        }
    }

    /**
     * The figures at one moment.
     *
     * @param eventsByType events journaled, by entity type (the persistence id before its {@code |}), sorted by type
     * @param writeBuckets writes per latency bucket, not cumulative; one more than {@link #BUCKETS} (+Inf)
     * @param writeSeconds the sum of all writes' latencies
     */
    public record Snapshot(Map<String, Long> eventsByType, long[] writeBuckets, double writeSeconds) {
        public Snapshot {
            eventsByType = Collections.unmodifiableMap(new TreeMap<>(eventsByType));
            writeBuckets = writeBuckets.clone();
        }
    }

    /** One write of {@code events} events of an entity of this type ({@link #type}), acknowledged {@code nanos} after it was asked. */
    static void written(String entityType, int events, long nanos) {
        EVENTS.computeIfAbsent(entityType, t -> new LongAdder()).add(events);
        int i = 0;
        while (i < BUCKET_NANOS.length && nanos > BUCKET_NANOS[i]) {
            i++;
        }
        WRITES[i].increment();
        WRITE_NANOS.add(nanos);
    }

    public static Snapshot snapshot() {
        Map<String, Long> events = new TreeMap<>();
        EVENTS.forEach((type, n) -> events.put(type, n.sum()));
        long[] buckets = new long[WRITES.length];
        for (int i = 0; i < WRITES.length; i++) {
            buckets[i] = WRITES[i].sum();
        }
        return new Snapshot(events, buckets, WRITE_NANOS.sum() / 1e9);
    }

    /** {@code container|abc…} → {@code container}; a unique id such as {@code image-tags} is its own type. */
    static String type(String persistenceId) {
        int bar = persistenceId.indexOf('|');
        return bar < 0 ? persistenceId : persistenceId.substring(0, bar);
    }

    private JournalStats() {}
}
