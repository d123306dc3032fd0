package dev.berth.spi;

/**
 * A fixed set of monitors picked by key, for drivers that serialise the work on one container, volume or
 * network: two keys that share a stripe only wait for each other. Unlike a map of a lock per key, nothing
 * is kept per key, so nothing has to be dropped when its object goes — a map that is never emptied keeps
 * an entry for every container ever run (issue #12's 10,000 {@code run --rm}: one object, map node and id
 * each).
 */
public final class KeyedLocks {
    private final Object[] stripes;

    /** @param stripes how many monitors; a few times the work expected in parallel */
    public KeyedLocks(int stripes) {
        if (stripes < 1) {
            throw new IllegalArgumentException("stripes must be at least 1: " + stripes);
        }
        this.stripes = new Object[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new Object();
        }
    }

    /** The monitor for {@code key}: always the same one for equal keys. */
    public Object of(String key) {
        return stripes[Math.floorMod(key.hashCode(), stripes.length)];
    }
}
