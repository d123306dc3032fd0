package dev.berth.cli;

import dev.berth.cli.http.ClientTls;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.Endpoint;
import dev.berth.cli.http.HttpTransport;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private Boolean tls;
    private Boolean tlsVerify;
    private Path tlsCaCert;
    private Path tlsCert;
    private Path tlsKey;

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

    /** {@code --tls} as given (null: not given, {@code DOCKER_TLS} decides). */
    void tls(boolean on) {
        this.tls = on;
    }

    /** {@code --tlsverify} as given (null: not given, {@code DOCKER_TLS_VERIFY} decides). */
    void tlsVerify(boolean on) {
        this.tlsVerify = on;
    }

    void tlsCaCert(Path file) {
        this.tlsCaCert = file;
    }

    void tlsCert(Path file) {
        this.tlsCert = file;
    }

    void tlsKey(Path file) {
        this.tlsKey = file;
    }

    /**
     * The daemon address: {@code -H}, then {@code BERTH_HOST}, then {@code DOCKER_HOST}, then the default socket;
     * over TLS when {@link #clientTls()} says so.
     */
    public Endpoint endpoint() {
        return Endpoint.parse(hostText(), clientTls());
    }

    /**
     * The docker CLI's TLS settings: {@code --tls} (default: {@code DOCKER_TLS} set), {@code --tlsverify}
     * (default: {@code DOCKER_TLS_VERIFY} set; implies TLS), the files {@code ca.pem}, {@code cert.pem} and
     * {@code key.pem} in {@code DOCKER_CERT_PATH} (default: the config directory, {@code ~/.docker}) unless
     * {@code --tlscacert}/{@code --tlscert}/{@code --tlskey} name others; a default client certificate or key that
     * does not exist is left out, as docker leaves it. Null without TLS.
     */
    public ClientTls clientTls() {
        boolean verify = tlsVerify != null ? tlsVerify : set("DOCKER_TLS_VERIFY");
        boolean on = verify || (tls != null ? tls : set("DOCKER_TLS"));
        if (!on) return null;
        String certPath = env.get("DOCKER_CERT_PATH");
        Path dir;
        if (certPath != null && !certPath.isEmpty()) {
            dir = Path.of(certPath);
        } else {
            String config = env.get("DOCKER_CONFIG");
            dir = config != null && !config.isEmpty() ? Path.of(config) : Path.of(System.getProperty("user.home"), ".docker");
        }
        Path ca = tlsCaCert != null ? tlsCaCert : dir.resolve("ca.pem");
        Path cert = tlsCert != null ? tlsCert : dir.resolve("cert.pem");
        Path key = tlsKey != null ? tlsKey : dir.resolve("key.pem");
        if (tlsCert == null && !Files.exists(cert)) cert = null;
        if (tlsKey == null && !Files.exists(key)) key = null;
        return new ClientTls(ca, cert, key, verify);
    }

    private boolean set(String name) {
        String v = env.get(name);
        return v != null && !v.isEmpty();
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
