package dev.berth.daemon.sinks;

import dev.berth.engine.EventStream;
import dev.berth.persistence.events.EventLog;
import dev.berth.spi.events.EventSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The daemon's sinks, each with its own {@link SinkReader}: started after the engine, stopped before it. */
public final class EventSinks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventSinks.class);
    /** Events a sink may have buffered before its reader goes back to the journal for more. */
    static final int BUFFER = 10_000;

    /** A sink made from its configuration. */
    public record Made(SinkConfig config, EventSink sink) {
    }

    private final List<SinkReader> readers = new ArrayList<>();

    public EventSinks(List<Made> made, Path dataRoot, EventStream events, Supplier<EventLog> log) {
        var offsets = new SinkOffsets(dataRoot);
        for (Made m : made) {
            readers.add(new SinkReader(m.config().name(), m.config().type(), m.sink(), offsets, events,
                    m.config().timeout(), offset -> behind(log, offset), BUFFER));
        }
    }

    private static long behind(Supplier<EventLog> log, long offset) {
        try {
            return log.get().entriesAfter(offset).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("counting journal entries after {}: {}", offset, e.toString());
            return 0;
        }
    }

    public void start() {
        readers.forEach(SinkReader::start);
    }

    public List<SinkStatus> status() {
        return readers.stream().map(SinkReader::status).toList();
    }

    @Override
    public void close() {
        readers.forEach(SinkReader::close);
    }
}
