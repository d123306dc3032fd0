package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.registry.DockerRegistryProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What clients call beside the everyday routes: {@code GET /distribution/{name}/json} against a local
 * registry (anonymous and with X-Registry-Auth), {@code GET /images/search} as dockerd answers it,
 * {@code docker system prune} and a {@code docker context} pointing at berthd.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 600)
class ClientRoutesIT {
    private static final Duration LONG = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private BerthdProcess d;
    private DockerRegistryProcess registry;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @BeforeAll
    void start() throws Exception {
        BerthdProcess.requireEnvironment();
        assertTrue(DockerRegistryProcess.available(), "needs /usr/bin/docker-registry (scripts/install-deps)");
        registry = DockerRegistryProcess.start(null);
        d = BerthdProcess.startWithTcp();
        ok("import", "-c", "CMD [\"sh\"]", BerthdProcess.busyboxTar().toString(), "cr/busybox:latest");
    }

    @AfterAll
    void stop() throws IOException {
        if (d != null) {
            d.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private BerthdProcess.Result ok(String... args) {
        BerthdProcess.Result r = d.docker(LONG, null, args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.tcpPort() + path))
                .timeout(Duration.ofSeconds(90)).GET();
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void distributionInspect_describesWhatTheRegistryHolds() throws Exception {
        String ref = registry.domain() + "/cr/busybox:v1";
        ok("tag", "cr/busybox:latest", ref);
        String pushed = ok("push", ref).out();
        Matcher m = Pattern.compile("v1: digest: (sha256:[0-9a-f]{64}) size: (\\d+)").matcher(pushed);
        assertThat(m.find()).as(pushed).isTrue();

        HttpResponse<String> r = get("/v1.50/distribution/" + ref + "/json", Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("Descriptor").path("digest").asText()).isEqualTo(m.group(1));
        assertThat(body.path("Descriptor").path("size").asLong()).isEqualTo(Long.parseLong(m.group(2)));
        assertThat(body.path("Descriptor").path("mediaType").asText()).contains("manifest");
        String arch = ok("version", "--format", "{{.Server.Arch}}").out().strip();
        assertThat(body.path("Platforms")).hasSize(1);
        assertThat(body.path("Platforms").get(0).path("os").asText()).isEqualTo("linux");
        assertThat(body.path("Platforms").get(0).path("architecture").asText()).isEqualTo(arch);

        // by digest: the same manifest
        HttpResponse<String> byDigest = get("/v1.50/distribution/" + registry.domain() + "/cr/busybox@" + m.group(1)
                + "/json", Map.of());
        assertThat(byDigest.statusCode()).as(byDigest.body()).isEqualTo(200);
        assertThat(JSON.readTree(byDigest.body()).path("Descriptor").path("digest").asText()).isEqualTo(m.group(1));

        // nothing was pulled or stored by asking
        ok("rmi", ref);
        assertThat(get("/v1.50/distribution/" + ref + "/json", Map.of()).statusCode()).isEqualTo(200);
        assertThat(d.docker("image", "inspect", ref).exitCode()).isNotZero();

        HttpResponse<String> missing = get("/v1.50/distribution/" + registry.domain() + "/cr/busybox:nope/json",
                Map.of());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("manifest unknown");
        HttpResponse<String> bad = get("/v1.50/distribution/Bad%20Name/json", Map.of());
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    }

    @Test
    @Order(2)
    void distributionInspect_usesTheRegistryAuthHeader() throws Exception {
        Process p = new ProcessBuilder("/usr/bin/htpasswd", "-nbB", "alice", "s3cret").start();
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).isZero();
        try (DockerRegistryProcess auth = DockerRegistryProcess.start(line)) {
            Path pw = dir.resolve("pw");
            Files.writeString(pw, "s3cret\n");
            String ref = auth.domain() + "/private/busybox:v1";
            try {
                BerthdProcess.Result login = d.docker(LONG, pw, "login", auth.domain(), "-u", "alice",
                        "--password-stdin");
                assertThat(login.exitCode()).as(login.toString()).isZero();
                ok("tag", "cr/busybox:latest", ref);
                ok("push", ref);
            } finally {
                d.docker("logout", auth.domain());
                d.docker("rmi", ref);
            }
            HttpResponse<String> anonymous = get("/v1.50/distribution/" + ref + "/json", Map.of());
            // as a pull without credentials against a basic-auth registry: dockerd's words
            assertThat(anonymous.statusCode()).as(anonymous.body()).isNotEqualTo(200);
            assertThat(anonymous.body()).contains("no basic auth credentials");
            String header = Base64.getUrlEncoder().encodeToString(("{\"username\":\"alice\",\"password\":\"s3cret\","
                    + "\"serveraddress\":\"" + auth.domain() + "\"}").getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> authed = get("/v1.50/distribution/" + ref + "/json", Map.of("X-Registry-Auth", header));
            assertThat(authed.statusCode()).as(authed.body()).isEqualTo(200);
            assertThat(JSON.readTree(authed.body()).path("Descriptor").path("digest").asText()).startsWith("sha256:");
        }
    }

    @Test
    @Order(3)
    void imageSearch_answersAsDockerdDoes() throws Exception {
        boolean hubResolves;
        try {
            InetAddress.getByName("index.docker.io");
            hubResolves = true;
        } catch (UnknownHostException e) {
            hubResolves = false;
        }
        HttpResponse<String> hub = get("/v1.50/images/search?term=busybox", Map.of());
        BerthdProcess.Result cli = d.docker(LONG, null, "search", "busybox");
        if (hubResolves) {
            assertThat(hub.statusCode()).as(hub.body()).isEqualTo(200);
            assertThat(hub.body()).contains("\"name\":\"busybox\"");
            assertThat(cli.exitCode()).as(cli.toString()).isZero();
        } else {
            // Docker Hub unreachable (this CI): dockerd's 500 with Go's url.Error wording
            assertThat(hub.statusCode()).isEqualTo(500);
            assertThat(JSON.readTree(hub.body()).path("message").asText())
                    .startsWith("Get \"https://index.docker.io/v1/search?q=busybox&n=25\": dial tcp");
            assertThat(cli.exitCode()).isEqualTo(1);
            assertThat(cli.err()).startsWith("Error response from daemon: Get \"https://index.docker.io/v1/search?q=busybox&n=25\"");
            // a pull from the same unreachable Hub words it as Go's client does too
            BerthdProcess.Result pull = d.docker(LONG, null, "pull", "busybox:berth-test-nope");
            assertThat(pull.exitCode()).isEqualTo(1);
            assertThat(pull.err()).startsWith("Error response from daemon: Get \"https://registry-1.docker.io/v2/")
                    .contains("\": dial tcp: lookup registry-1.docker.io: no such host");
        }
        // a registry without the v1 search API (docker-registry): dockerd's "Unexpected status code"
        HttpResponse<String> local = get("/v1.50/images/search?term=" + registry.domain() + "/busybox&limit=5",
                Map.of());
        assertThat(local.statusCode()).isEqualTo(500);
        assertThat(local.body()).contains("Unexpected status code 404");
        // checked before any index is asked
        HttpResponse<String> limit = get("/v1.50/images/search?term=busybox&limit=101", Map.of());
        assertThat(limit.statusCode()).isEqualTo(400);
        assertThat(limit.body()).contains("limit 101 is outside the range of [1, 100]");
        HttpResponse<String> stars = get("/v1.50/images/search?term=busybox&filters=%7B%22stars%22%3A%5B%22x%22%5D%7D",
                Map.of());
        assertThat(stars.statusCode()).isEqualTo(400);
        assertThat(stars.body()).contains("invalid filter 'stars=x'");
        HttpResponse<String> scheme = get("/v1.50/images/search?term=https://example.com/x", Map.of());
        assertThat(scheme.statusCode()).isEqualTo(400);
        assertThat(scheme.body()).contains("should not have a scheme");
    }

    @Test
    @Order(4)
    void dockerContext_pointsTheCliAtBerthd() throws Exception {
        Path config = Files.createDirectories(dir.resolve("docker-config"));
        Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString());
        ok("create", "--name", "cr-ctx", "cr/busybox:latest", "true");
        try {
            ClientProcess.Output create = ClientProcess.run(LONG, env, null, "docker", "context", "create", "berth",
                    "--description", "Berth", "--docker", "host=" + d.host());
            assertThat(create.exitCode()).as(create.toString()).isZero();
            assertThat(create.out()).contains("berth");
            ClientProcess.Output ps = ClientProcess.run(LONG, env, null, "docker", "--context", "berth", "ps", "-a",
                    "--format", "{{.Names}}");
            assertThat(ps.exitCode()).as(ps.toString()).isZero();
            assertThat(ps.out()).contains("cr-ctx");
            ClientProcess.Output use = ClientProcess.run(LONG, env, null, "docker", "context", "use", "berth");
            assertThat(use.exitCode()).as(use.toString()).isZero();
            ClientProcess.Output version = ClientProcess.run(LONG, env, null, "docker", "version", "--format",
                    "{{.Server.Os}} {{.Server.Version}}");
            assertThat(version.exitCode()).as(version.toString()).isZero();
            assertThat(version.out().strip())
                    .isEqualTo(ok("version", "--format", "{{.Server.Os}} {{.Server.Version}}").out().strip());
            ClientProcess.Output ls = ClientProcess.run(LONG, env, null, "docker", "context", "ls", "--format",
                    "{{.Name}} {{.Current}} {{.DockerEndpoint}}");
            assertThat(ls.out()).contains("berth true " + d.host());
        } finally {
            d.docker("rm", "-f", "cr-ctx");
        }
    }

    @Test
    @Order(5)
    void systemPrune_removesWhatDockerdRemoves_inItsOrder() throws IOException {
        ok("run", "-d", "--name", "cr-running", "cr/busybox:latest", "sleep", "300");
        ok("create", "--name", "cr-stopped", "-v", "/anon", "cr/busybox:latest", "true");
        String stoppedId = ok("inspect", "-f", "{{.Id}}", "cr-stopped").out().strip();
        String anon = ok("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", "cr-stopped").out().strip();
        ok("create", "--name", "cr-kept", "--label", "keep=yes", "cr/busybox:latest", "true");
        ok("network", "create", "cr-net");
        ok("volume", "create", "cr-named");
        ok("tag", "cr/busybox:latest", "cr/unused:1");
        ok("import", BerthdProcess.busyboxTar().toString(), "cr/other:1");
        try {
            // a filter: only what carries no keep=yes label
            BerthdProcess.Result filtered = ok("system", "prune", "-f", "--filter", "label!=keep=yes");
            assertThat(filtered.out()).contains("Deleted Containers:").contains(stoppedId).contains("Deleted Networks:")
                    .contains("cr-net").contains("Total reclaimed space:");
            assertThat(ok("ps", "-a", "--format", "{{.Names}}").out()).contains("cr-kept").contains("cr-running")
                    .doesNotContain("cr-stopped");
            // without -a no tagged image goes; without --volumes no volume
            assertThat(ok("images", "--format", "{{.Repository}}:{{.Tag}}").out()).contains("cr/unused:1")
                    .contains("cr/other:1");
            assertThat(ok("volume", "ls", "-q").out()).contains(anon).contains("cr-named");

            ok("rm", "cr-kept");
            BerthdProcess.Result all = ok("system", "prune", "-a", "--volumes", "-f");
            String out = all.out();
            assertThat(out).contains("Deleted Volumes:\n" + anon).contains("Deleted Images:")
                    .contains("untagged: cr/other:1").containsPattern("Total reclaimed space: [0-9.]+[kMG]?B");
            assertThat(out.indexOf("Deleted Volumes:")).isLessThan(out.indexOf("Deleted Images:"));
            assertThat(out).doesNotContain("cr/busybox:latest").doesNotContain("cr-named");
            // the running container and its image stay; a named volume stays (API >= 1.42 prunes anonymous ones)
            assertThat(ok("ps", "--format", "{{.Names}}").out()).contains("cr-running");
            assertThat(ok("images", "--format", "{{.Repository}}:{{.Tag}}").out()).contains("cr/busybox:latest")
                    .doesNotContain("cr/other:1");
            assertThat(ok("volume", "ls", "-q").out()).contains("cr-named").doesNotContain(anon);
        } finally {
            d.docker("rm", "-f", "cr-running", "cr-stopped", "cr-kept");
            d.docker("network", "rm", "cr-net");
            d.docker("volume", "rm", "cr-named", anon);
            d.docker("rmi", "cr/unused:1", "cr/other:1");
        }
    }
}
