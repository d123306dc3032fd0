package dev.berth.actors.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class JournalStatsTest {

    @Test
    void entityTypeIsThePersistenceIdBeforeItsBar() {
        assertThat(JournalStats.type("container|0123abcd")).isEqualTo("container");
        assertThat(JournalStats.type("image-tags")).isEqualTo("image-tags");
    }

    @Test
    void writesAreCountedByTypeAndBucketedByLatency() {
        // process-wide figures: other tests in this JVM may journal too, so only deltas of a type of its own are read
        JournalStats.Snapshot before = JournalStats.snapshot();
        JournalStats.written("stats-test", 1, 300_000);        // 0.3 ms: first bucket (≤ 0.5 ms)
        JournalStats.written("stats-test", 3, 7_000_000);      // 7 ms: the ≤ 10 ms bucket
        JournalStats.written("stats-test", 1, 10_000_000_000L); // 10 s: only +Inf
        JournalStats.Snapshot after = JournalStats.snapshot();

        assertThat(after.eventsByType().get("stats-test")).isEqualTo(5L);
        assertThat(before.eventsByType()).doesNotContainKey("stats-test");
        long[] b = before.writeBuckets();
        long[] a = after.writeBuckets();
        assertThat(a).hasSize(JournalStats.BUCKETS.length + 1);
        assertThat(a[0] - b[0]).isEqualTo(1);
        int tenMs = Arrays.binarySearch(JournalStats.BUCKETS, 0.01);
        assertThat(a[tenMs] - b[tenMs]).isEqualTo(1);
        assertThat(a[a.length - 1] - b[b.length - 1]).isEqualTo(1);
        assertThat(after.writeSeconds() - before.writeSeconds()).isCloseTo(10.0073, Offset.offset(1e-6));
    }
}
