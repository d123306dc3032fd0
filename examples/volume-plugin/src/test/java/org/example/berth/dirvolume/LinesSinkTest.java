package org.example.berth.dirvolume;

import dev.berth.spi.events.EventSink;
import dev.berth.spi.events.EventSinkContext;
import dev.berth.spi.events.EventSinkContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The sink passes the kit's contract: say how to make one and how to read back what it wrote. */
class LinesSinkTest extends EventSinkContract {
    @TempDir
    Path dataRoot;

    @Override
    protected EventSink createSink() {
        return new LinesSinkProvider().create(new EventSinkContext("lines", dataRoot, Map.of()));
    }

    @Override
    protected List<String> received() throws Exception {
        Path f = dataRoot.resolve("event-sinks/lines/events.jsonl");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }
}
