package dev.berth.spi.events;

/**
 * Registered in {@code META-INF/services/dev.berth.spi.events.EventSinkProvider}. berthd finds providers
 * with {@link java.util.ServiceLoader} (its class path and every jar in the plugin directory) and makes
 * one sink per entry of daemon.json's {@code event-sinks} whose {@code type} is this provider's
 * {@link #name()}; a provider no entry names is only listed ({@code berth plugin ls}: available).
 */
public interface EventSinkProvider {
    /** What daemon.json's {@code event-sinks[].type} names, e.g. {@code file}. */
    String name();

    /**
     * Makes the sink for one {@code event-sinks} entry. Called once per entry at start, before any
     * event is delivered.
     *
     * @throws dev.berth.spi.EngineException INVALID_ARGUMENT naming the option when an option is missing,
     *     unknown or malformed: berthd refuses to start (the configuration is wrong); UNAVAILABLE (or any
     *     other exception) when the sink cannot work here: it is listed with the reason and berthd serves
     *     without it
     */
    EventSink create(EventSinkContext context);
}
