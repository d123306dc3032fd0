package dev.berth.cli.cmd;

import dev.berth.cli.http.Body;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.Query;
import java.util.LinkedHashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code run --sig-proxy} (the default without a TTY): while attached, the signals this process
 * receives go to the container (POST /containers/{id}/kill?signal=…) instead of ending berth.
 */
final class SignalProxy implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM", "HUP", "USR1", "USR2"};

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private SignalProxy() {}

    static SignalProxy start(boolean enabled, DockerClient client, String id) {
        SignalProxy proxy = new SignalProxy();
        if (!enabled) return proxy;
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                proxy.previous.put(signal, Signal.handle(signal, s -> forward(client, id, s.getName())));
            } catch (IllegalArgumentException e) {
                // the JVM keeps this one (or the platform has none): not proxied
            }
        }
        return proxy;
    }

    private static void forward(DockerClient client, String id, String signal) {
        try {
            client.call("POST", "/containers/" + Query.seg(id) + "/kill" + Query.of().add("signal", signal), Body.NONE)
                    .close();
        } catch (Exception e) {
            // the container is gone already; nothing to forward to
        }
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
