package dev.berth.daemon.sinks;

import dev.berth.spi.EngineException;
import dev.berth.spi.events.EventSink;
import dev.berth.spi.events.EventSinkContext;
import dev.berth.spi.events.EventSinkProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** {@code {"type": "file", "path": "/var/log/berth/events.log", "max-size": "10m", "max-files": 5}}. */
public final class FileSinkProvider implements EventSinkProvider {
    @Override
    public String name() {
        return "file";
    }

    @Override
    public EventSink create(EventSinkContext context) {
        var options = new SinkOptions(context, Set.of("path", "max-size", "max-files"));
        Path path = Path.of(options.text("path", null));
        if (!path.isAbsolute()) {
            throw options.invalid("path", "must be absolute, not \"" + path + "\"");
        }
        long maxSize = options.size("max-size");
        int maxFiles = options.positive("max-files", 1);
        try {
            return new FileSink(path, maxSize, maxFiles);
        } catch (IOException e) {
            throw EngineException.unavailable("event sink " + context.name() + ": cannot open " + path + ": " + e, e);
        }
    }
}
