package dev.berth.driver.runc;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdLocksTest {

    @Test
    void oneMonitorPerIdWhileItIsInUse() {
        IdLocks locks = new IdLocks();
        Object a = locks.of("a");
        synchronized (a) {
            System.gc();
            assertSame(a, locks.of("a"));
        }
        assertSame(a, locks.of("a"));
    }

    @Test
    void monitorsNoThreadUsesAreDropped() throws InterruptedException {
        IdLocks locks = new IdLocks();
        for (int i = 0; i < 1_000; i++) {
            synchronized (locks.of("c" + i)) {
                // a start or a delete of a container that is then removed
            }
        }
        for (int i = 0; i < 20 && locks.size() > 10; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(locks.size() <= 10, "entries left: " + locks.size());
    }
}
