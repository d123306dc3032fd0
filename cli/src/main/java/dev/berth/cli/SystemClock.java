package dev.berth.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * {@link Clock#systemDefaultZone()}, but finding the default zone on first use: reading the zone's
 * rules costs a short command more than its request, and {@code ps} or {@code inspect} mostly need
 * only the instant.
 */
final class SystemClock extends Clock {
    private ZoneId zone;

    @Override
    public ZoneId getZone() {
        if (zone == null) zone = ZoneId.systemDefault();
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        return Clock.system(z);
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public Instant instant() {
        return Instant.now();
    }
}
