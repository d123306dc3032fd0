package dev.berth.api;

import dev.berth.api.backend.Filters;
import dev.berth.api.backend.StreamHandle;
import dev.berth.api.backend.SystemBackend;
import dev.berth.api.model.EventMessage;
import dev.berth.api.model.SystemInfo;
import dev.berth.api.model.SystemVersion;
import dev.berth.spi.EngineException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Static info/version; events sends two container events then ends. */
final class FakeSystem implements SystemBackend {
    volatile Instant lastSince;
    volatile Instant lastUntil;

    @Override
    public SystemInfo info() {
        return new SystemInfo("ID1", 1, 1, 0, 0, 1, "overlay2", null, null, true, true, true, true, true, true, true,
                false, 10, 20, "2024-05-06T07:08:09Z", "json-file", "cgroupfs", "1", 3, "6.1.0", "Debian", "12", "linux",
                "x86_64", 2, 1L << 30, "https://index.docker.io/v1/", null, "/var/lib/berth", "host", null, false,
                "0.1.0", null, "runc", null, true, null, "", null, null, null, false, true, true, null, "", "", "",
                SystemInfo.Commit.NONE, SystemInfo.Commit.NONE, SystemInfo.Commit.NONE, null, List.of(), null);
    }

    @Override
    public SystemVersion version() {
        return SystemVersion.engine("0.1.0", "abcdef0", "java17", "linux", "amd64", "6.1.0",
                "2024-05-06T07:08:09.000000000+00:00");
    }

    String lastAfter;

    @Override
    public StreamHandle events(Instant since, Instant until, Filters filters, EventSink sink) {
        lastSince = since;
        lastUntil = until;
        FakeContainers.background(() -> {
            sink.event(event("start"));
            sink.event(event("die"));
            sink.end();
        });
        return () -> { };
    }

    @Override
    public StreamHandle events(Instant since, Instant until, String after, Filters filters, EventSink sink) {
        lastAfter = after;
        if (after == null) {
            return events(since, until, filters, sink);
        }
        FakeContainers.background(() -> {
            EventMessage e = event("stop");
            sink.event(new EventMessage(e.status(), e.id(), e.from(), e.type(), e.action(), e.actor(), e.scope(),
                    e.time(), e.timeNano(), new EventMessage.Position(8, "8")));
            sink.end();
        });
        return () -> { };
    }

    @Override
    public void checkCursor(String after) {
        if (after.equals("99")) {
            throw EngineException.invalid("cursor 99 is beyond the end of the journal");
        }
    }

    private static EventMessage event(String action) {
        return new EventMessage(action, FakeContainers.WEB_ID, "busybox", "container", action,
                new EventMessage.Actor(FakeContainers.WEB_ID, Map.of("name", "web")), "local", 1700000000L,
                1700000000123456789L);
    }
}
