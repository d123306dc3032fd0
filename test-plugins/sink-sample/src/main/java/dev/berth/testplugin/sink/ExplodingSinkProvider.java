package dev.berth.testplugin.sink;

import dev.berth.spi.events.EventSink;
import dev.berth.spi.events.EventSinkContext;
import dev.berth.spi.events.EventSinkProvider;

/** A provider whose constructor throws: berthd lists it as failed, with this reason, and keeps serving. */
public final class ExplodingSinkProvider implements EventSinkProvider {
    public static final String REASON = "sample sink: license server unreachable";

    public ExplodingSinkProvider() {
        throw new IllegalStateException(REASON);
    }

    @Override
    public String name() {
        return "exploding";
    }

    @Override
    public EventSink create(EventSinkContext context) {
        throw new IllegalStateException("unreachable");
    }
}
