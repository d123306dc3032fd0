package dev.berth.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyedLocksTest {
    @Test
    void of_sameKey_sameMonitor_andManyKeysShareAFixedSet() {
        KeyedLocks locks = new KeyedLocks(16);
        assertSame(locks.of("c1"), locks.of(new String("c1")));
        Set<Object> monitors = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < 10_000; i++) {
            monitors.add(locks.of("container-" + i));
        }
        assertEquals(16, monitors.size());
    }

    @Test
    void constructor_noStripes_refused() {
        assertThrows(IllegalArgumentException.class, () -> new KeyedLocks(0));
    }
}
