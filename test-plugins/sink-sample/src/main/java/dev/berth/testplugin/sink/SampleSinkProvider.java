package dev.berth.testplugin.sink;

import dev.berth.spi.EngineException;
import dev.berth.spi.events.EventSink;
import dev.berth.spi.events.EventSinkContext;
import dev.berth.spi.events.EventSinkProvider;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code {"type": "sample", "path": FILE[, "hang-while": FILE2][, "fail-while": FILE3]}}: each event once
 * (repeats skipped by cursor) as a line of FILE; while FILE2 exists every call hangs (ignoring interrupts,
 * as a stuck client library would), while FILE3 exists every call throws. Made so tests can misbehave it.
 */
public final class SampleSinkProvider implements EventSinkProvider {
    @Override
    public String name() {
        return "sample";
    }

    @Override
    public EventSink create(EventSinkContext context) {
        String path = context.option("path", null);
        if (path == null) {
            throw EngineException.invalid("event-sinks: " + context.name() + ": path: required");
        }
        String hang = context.option("hang-while", null);
        String fail = context.option("fail-while", null);
        try {
            return new SampleSink(Path.of(path), hang == null ? null : Path.of(hang), fail == null ? null : Path.of(fail));
        } catch (IOException e) {
            throw EngineException.unavailable("sample sink: " + e.getMessage(), e);
        }
    }
}
