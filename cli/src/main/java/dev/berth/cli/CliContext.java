package dev.berth.cli;

import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.Endpoint;
import dev.berth.cli.http.HttpTransport;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** What every command works with: its streams, the environment, the clock and the daemon. */
public final class CliContext {
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private Map<String, String> env;
    private final Clock clock;
    private String host;

    public CliContext(PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
        this(out, err, in, env, new SystemClock());
    }

    public CliContext(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, Clock clock) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public InputStream in() {
        return in;
    }

    public Map<String, String> env() {
        return env;
    }

    public Clock clock() {
        return clock;
    }

    /** {@code --config}: the client's config directory, as {@code DOCKER_CONFIG} names it otherwise. */
    void configDir(String dir) {
        Map<String, String> next = new HashMap<>(env);
        next.put("DOCKER_CONFIG", dir);
        env = Map.copyOf(next);
    }

    void host(String host) {
        this.host = host;
    }

    /** The daemon address: {@code -H}, then {@code BERTH_HOST}, then {@code DOCKER_HOST}, then the default socket. */
    public Endpoint endpoint() {
        String h = hostText();
        String tlsVerify = env.get("DOCKER_TLS_VERIFY");
        if (tlsVerify != null && !tlsVerify.isEmpty()) {
            // docker would verify the daemon over TLS: berth cannot, and must not fall back to plain text
            throw new IllegalArgumentException("DOCKER_TLS_VERIFY (TLS) is not supported by berth yet");
        }
        return Endpoint.parse(h);
    }

    /** The daemon address as given ({@code -H}, {@code BERTH_HOST}, {@code DOCKER_HOST}) or the default socket, unparsed. */
    public String hostText() {
        String h = host;
        if (h == null || h.isEmpty()) h = env.get("BERTH_HOST");
        if (h == null || h.isEmpty()) h = env.get("DOCKER_HOST");
        if (h == null || h.isEmpty()) h = Endpoint.DEFAULT;
        return h;
    }

    public DockerClient client() {
        return new DockerClient(new HttpTransport(endpoint()));
    }
}
