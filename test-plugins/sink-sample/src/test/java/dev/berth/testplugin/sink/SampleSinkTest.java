package dev.berth.testplugin.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.spi.events.EventSink;
import dev.berth.spi.events.EventSinkContext;
import dev.berth.spi.events.EventSinkContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The third-party sink passes the spi's contract, tested as a plugin author would: spi and JUnit only. */
class SampleSinkTest extends EventSinkContract {
    @TempDir
    Path dir;

    @Override
    protected EventSink createSink() {
        return new SampleSinkProvider().create(new EventSinkContext("sample", dir,
                Map.of("path", dir.resolve("events.jsonl").toString())));
    }

    @Override
    protected List<String> received() throws Exception {
        Path f = dir.resolve("events.jsonl");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    @Test
    void deliver_repeatAfterRestart_keptOnce() throws Exception {
        var all = events(5, 6);
        EventSink a = newSink();
        a.deliver(all.subList(0, 4));
        EventSink b = createSink();
        b.deliver(all.subList(2, 6));
        b.close();
        assertEquals(all.stream().map(e -> e.json()).toList(), received());
    }
}
