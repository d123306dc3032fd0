package dev.berth.api.backend;

/**
 * How much build cache a {@code POST /build/prune} keeps, in bytes (BuildKit's prune limits, which dockerd
 * takes as {@code keep-storage}/{@code reserved-space}, {@code max-used-space} and {@code min-free-space});
 * 0 is no limit. With none set a prune removes every record it selects; with any, the least recently used
 * records go first and only until the cache is down to {@link #keepBytes}.
 *
 * @param reserved the cache is never pruned below this
 * @param maxUsed  the cache is pruned down to this
 * @param minFree  the cache is pruned until the disk has this much free, as far as the cache's own size allows
 */
public record BuildPruneSpace(long reserved, long maxUsed, long minFree) {
    /** No limit: every selected record goes. */
    public static final BuildPruneSpace NONE = new BuildPruneSpace(0, 0, 0);

    public BuildPruneSpace {
        if (reserved < 0 || maxUsed < 0 || minFree < 0) {
            throw new IllegalArgumentException("negative prune limit");
        }
    }

    public boolean limited() {
        return reserved != 0 || maxUsed != 0 || minFree != 0;
    }

    /**
     * How many bytes of cache to keep, given the cache's size and the disk's free bytes; 0 when nothing limits
     * the prune. {@code maxUsed} where given; lowered by what the disk lacks of {@code minFree} (only
     * {@code minFree}, already met: everything is kept); never below {@code reserved}.
     */
    public long keepBytes(long cacheBytes, long freeBytes) {
        if (!limited()) {
            return 0;
        }
        long keep = maxUsed;
        long lacking = minFree - freeBytes;
        if (minFree != 0 && lacking > 0) {
            keep = keep == 0 ? cacheBytes - lacking : Math.min(keep, cacheBytes - lacking);
        } else if (minFree != 0 && keep == 0) {
            keep = cacheBytes;
        }
        return Math.max(keep, reserved);
    }
}
