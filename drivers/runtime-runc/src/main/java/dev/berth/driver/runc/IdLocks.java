package dev.berth.driver.runc;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One monitor per container id, for {@code synchronized (locks.of(id))}. An id's monitor lives while
 * any thread holds, waits on or is about to take it, and is dropped once none does: a map that kept
 * every id's monitor for good grew by an object, a map node and the id for every container ever run
 * (the ~85 bytes a run the 10,000-run hygiene histogram showed). A monitor that is locked or waited
 * on is reachable, so a new one is made only when no thread can still be using the old one.
 */
final class IdLocks {

    private static final class Ref extends WeakReference<Object> {
        final String id;

        Ref(String id, Object lock, ReferenceQueue<Object> queue) {
            super(lock, queue);
            this.id = id;
        }
    }

    private final ConcurrentHashMap<String, Ref> locks = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> cleared = new ReferenceQueue<>();

    Object of(String id) {
        expunge();
        while (true) {
            Ref ref = locks.get(id);
            Object lock = ref == null ? null : ref.get();
            if (lock != null) {
                return lock;
            }
            Object fresh = new Object();
            Ref made = new Ref(id, fresh, cleared);
            if (ref == null ? locks.putIfAbsent(id, made) == null : locks.replace(id, ref, made)) {
                return fresh;
            }
        }
    }

    /** Ids with an entry (a monitor in use, or one collected and not yet expunged). */
    int size() {
        expunge();
        return locks.size();
    }

    private void expunge() {
        for (Reference<?> r; (r = cleared.poll()) != null; ) {
            Ref ref = (Ref) r;
            locks.remove(ref.id, ref);
        }
    }
}
