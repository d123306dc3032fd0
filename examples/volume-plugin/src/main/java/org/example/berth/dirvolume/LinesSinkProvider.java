package org.example.berth.dirvolume;

import dev.berth.spi.EngineException;
import dev.berth.spi.events.EventSink;
import dev.berth.spi.events.EventSinkContext;
import dev.berth.spi.events.EventSinkProvider;
import dev.berth.spi.events.SinkEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * An event sink in the same jar: daemon.json {@code "event-sinks": [{"type": "lines"}]} appends every event
 * as a JSON line to {@code <data-root>/event-sinks/<name>/events.jsonl}. It keeps repeats (the contract
 * allows them; a reader drops them by {@code berth.cursor}).
 */
public final class LinesSinkProvider implements EventSinkProvider {
    @Override
    public String name() {
        return "lines";
    }

    @Override
    public EventSink create(EventSinkContext context) {
        if (!context.options().isEmpty()) {
            throw EngineException.invalid("event-sinks: " + context.name() + ": " + context.options().keySet().iterator().next()
                    + ": unknown option");
        }
        Path file = context.dataRoot().resolve("event-sinks").resolve(context.name()).resolve("events.jsonl");
        return new EventSink() {
            @Override
            public void deliver(List<SinkEvent> batch) throws IOException {
                Files.createDirectories(file.getParent());
                StringBuilder lines = new StringBuilder();
                batch.forEach(e -> lines.append(e.json()).append('\n'));
                Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        };
    }
}
