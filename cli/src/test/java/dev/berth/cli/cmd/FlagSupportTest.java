package dev.berth.cli.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.CliContext;
import dev.berth.cli.FakeDaemon;
import dev.berth.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every flag berth accepts reaches the daemon or is refused by name: none is accepted and dropped. */
class FlagSupportTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int berth(FakeDaemon d, String... args) {
        CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                Map.of("DOCKER_HOST", d.host(), "DOCKER_CONFIG", dir.resolve("env-config").toString()));
        return Main.run(args, ctx);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static FakeDaemon ok() throws Exception {
        return new FakeDaemon(r -> FakeDaemon.json(200, r.target().contains("/history") ? "[]" : "{}"));
    }

    @Test
    void platformFlags_reachTheDaemon() throws Exception {
        try (FakeDaemon d = ok()) {
            berth(d, "history", "--platform", "linux/arm64", "busybox");
            berth(d, "push", "--platform", "linux/arm64", "localhost:5000/busybox:1");
            berth(d, "save", "-o", dir.resolve("out.tar").toString(), "--platform", "linux/arm64", "busybox");
            // as the API takes it there: a JSON-encoded OCI platform
            String json = "%7B%22architecture%22%3A%22arm64%22%2C%22os%22%3A%22linux%22%7D";
            assertThat(d.requests).extracting(FakeDaemon.Request::target)
                    .anySatisfy(t -> assertThat(t).endsWith("/images/busybox/history?platform=" + json))
                    .anySatisfy(t -> assertThat(t).contains("/push?tag=1&platform=" + json))
                    .anySatisfy(t -> assertThat(t).contains("/images/get?names=busybox&platform=" + json));
        }
    }

    @Test
    void rmLink_reachesTheDaemon_whichRefusesIt() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(400,
                "{\"message\":\"query parameter \\\"link\\\" is not supported by Berth yet\"}"))) {
            assertThat(berth(d, "rm", "-l", "web")).isEqualTo(1);
            assertThat(d.requests.get(d.requests.size() - 1).target()).contains("link=1");
            assertThat(err()).contains("query parameter \"link\" is not supported by Berth yet");
        }
    }

    @Test
    void flagsBerthCannotHonour_areRefusedByName_beforeAnyRequest() throws Exception {
        try (FakeDaemon d = ok()) {
            assertThat(berth(d, "pull", "--disable-content-trust=false", "busybox")).isEqualTo(125);
            assertThat(berth(d, "create", "--pull", "sometimes", "busybox")).isEqualTo(125);
            assertThat(berth(d, "--context", "remote", "ps")).isEqualTo(125);
            assertThat(berth(d, "--log-level", "loud", "ps")).isEqualTo(1);  // as docker: "Unable to parse logging level: loud"
            assertThat(d.requests).isEmpty();
            assertThat(err()).contains("--disable-content-trust=false (content trust) is not supported by berth yet")
                    .contains("invalid pull option: 'sometimes'")
                    .contains("contexts other than \"default\" are not supported by berth yet")
                    .contains("Unable to parse logging level: loud");
        }
    }

    @Test
    void dockerTlsVerifyInTheEnvironment_withAUnixSocket_isRefused_neverSentInClear() throws Exception {
        try (FakeDaemon d = ok()) {
            CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                    Map.of("DOCKER_HOST", d.host(), "DOCKER_TLS_VERIFY", "1",
                            "DOCKER_CONFIG", dir.resolve("env-config").toString()));
            assertThat(Main.run(new String[] {"ps"}, ctx)).isNotZero();
            assertThat(err()).contains("TLS over a unix socket (" + d.host().substring("unix://".length())
                    + ") is not supported by berth");
            assertThat(d.requests).isEmpty();
        }
    }

    @Test
    void unknownFlag_isRefusedByName() throws Exception {
        try (FakeDaemon d = ok()) {
            assertThat(berth(d, "run", "--no-such-flag", "all", "busybox")).isEqualTo(125);
            assertThat(err()).contains("--no-such-flag");
            assertThat(d.requests).isEmpty();
        }
    }

    /** --config is the credential store's directory, as DOCKER_CONFIG is. */
    @Test
    void config_choosesTheCredentialStore() throws Exception {
        Path config = dir.resolve("cfg");
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(200, "{\"Status\":\"Login Succeeded\"}"))) {
            assertThat(berth(d, "--config", config.toString(), "login", "-u", "me", "-p", "pw", "localhost:5000"))
                    .isZero();
        }
        assertThat(Files.readString(config.resolve("config.json"))).contains("localhost:5000");
        assertThat(dir.resolve("env-config")).doesNotExist();
    }

    /** docker create exits 1 for a daemon error (docker run: 125). */
    @Test
    void create_daemonRefusal_exits1_run_exits125() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(400,
                "{\"message\":\"invalid mount config for type \\\"bind\\\": bind source path does not exist: /m\"}"))) {
            assertThat(berth(d, "create", "--mount", "type=bind,src=/m,dst=/x", "busybox")).isEqualTo(1);
            assertThat(berth(d, "run", "-d", "--mount", "type=bind,src=/m,dst=/x", "busybox")).isEqualTo(125);
            assertThat(err()).contains("Error response from daemon: invalid mount config for type \"bind\"");
        }
    }

    @Test
    void namespaceAndIdentityFlags_reachTheCreateBody() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(201, "{\"Id\":\"abc\",\"Warnings\":[]}"))) {
            berth(d, "create", "--group-add", "audio", "--group-add", "50", "--pid", "container:a", "--ipc",
                    "container:a", "--cgroupns", "private", "--cgroup-parent", "/batch", "--link", "db:data",
                    "--mac-address", "92:d0:c6:0a:29:33", "busybox");
            String body = new String(d.requests.get(0).body(), StandardCharsets.UTF_8);
            assertThat(body).contains("\"GroupAdd\":[\"audio\",\"50\"]", "\"PidMode\":\"container:a\"",
                    "\"IpcMode\":\"container:a\"", "\"CgroupnsMode\":\"private\"", "\"CgroupParent\":\"/batch\"",
                    "\"Links\":[\"db:data\"]", "\"MacAddress\":\"92:d0:c6:0a:29:33\"");
        }
    }
}
