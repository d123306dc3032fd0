package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.image.Digest;
import dev.berth.image.Reference;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistryClientTest {
    static final String MANIFEST = """
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
             "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":2,"digest":"sha256:%s"},
             "layers":[]}""".formatted("a".repeat(64));

    static FakeRegistry fake;
    RegistryClient client;
    Reference repo;

    @BeforeAll
    static void start() throws Exception {
        fake = new FakeRegistry();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void setUp() {
        fake.routes.clear();
        fake.log.clear();
        client = new RegistryClient(RegistryConfig.defaults().withRetry(
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5))));
        // The JDK's HttpServer never answers a TLS hello, so the HTTPS probe would wait for its timeout.
        client.rememberScheme(fake.domain(), "http");
        repo = Reference.parse(fake.domain() + "/team/app" + System.nanoTime() + ":latest");
    }

    private void serveManifest(String requiredAuth) {
        fake.routes.add(ex -> {
            if (!ex.getRequestURI().getPath().endsWith("/manifests/latest")) {
                return false;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (requiredAuth != null && !requiredAuth.equals(auth)) {
                return false;
            }
            FakeRegistry.send(ex, 200, MANIFEST.getBytes(StandardCharsets.UTF_8), MediaTypes.DOCKER_MANIFEST);
            return true;
        });
    }

    private void bearerChallengeFor(String path) {
        fake.routes.add(ex -> {
            if (!ex.getRequestURI().getPath().startsWith(path)) {
                return false;
            }
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + fake.domain()
                    + "/token\",service=\"fake\"");
            FakeRegistry.send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
            return true;
        });
    }

    private static String basic(String u, String p) {
        return "Basic " + Base64.getEncoder().encodeToString((u + ":" + p).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void send_bearerChallenge_fetchesTokenWithCredentialsAndReusesIt() {
        serveManifest("Bearer T1");
        fake.routes.add(ex -> {
            if (!ex.getRequestURI().getPath().equals("/token")) {
                return false;
            }
            assertThat(ex.getRequestURI().getQuery()).contains("service=fake").contains("scope=" + RegistryRequest.pullScope(repo));
            if (basic("alice", "pw").equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                FakeRegistry.send(ex, 200, "{\"token\":\"T1\",\"expires_in\":300}");
            } else {
                FakeRegistry.send(ex, 401, "{\"details\":\"incorrect username or password\"}");
            }
            return true;
        });
        bearerChallengeFor("/v2/");
        ManifestPuller puller = new ManifestPuller(client);

        PulledManifest m = puller.pull(repo, "latest", RegistryAuth.basic("alice", "pw"));
        puller.pull(repo, "latest", RegistryAuth.basic("alice", "pw"));

        assertThat(m.digest()).isEqualTo(Digest.of(MANIFEST.getBytes(StandardCharsets.UTF_8)));
        assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(fake.count("GET /token")).isEqualTo(1);
        assertThat(fake.log.stream().filter(l -> l.endsWith("/manifests/latest [Bearer T1]")).count()).isEqualTo(2);

        assertThatThrownBy(() -> puller.pull(repo, "latest", RegistryAuth.basic("alice", "wrong")))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                .hasMessage("unauthorized: incorrect username or password");
    }

    @Test
    void send_basicChallenge_answersWithCredentialsOrSaysNoneGiven() {
        serveManifest(basic("bob", "s3"));
        fake.routes.add(ex -> {
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake\"");
            FakeRegistry.send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
            return true;
        });
        ManifestPuller puller = new ManifestPuller(client);
        assertThat(puller.pull(repo, "latest", RegistryAuth.basic("bob", "s3")).bytes()).isNotEmpty();
        assertThatThrownBy(() -> puller.pull(repo, "latest", RegistryAuth.basic("bob", "nope")))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                .hasMessage("unauthorized: authentication required");
        assertThatThrownBy(() -> new ManifestPuller(client).pull(repo, "latest", RegistryAuth.anonymous()))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                .hasMessage("no basic auth credentials");
    }

    @Test
    void send_429ThenOk_retriesHonouringRetryAfter() {
        AtomicInteger calls = new AtomicInteger();
        fake.routes.add(ex -> {
            if (calls.incrementAndGet() <= 2) {
                ex.getResponseHeaders().add("Retry-After", "0");
                FakeRegistry.send(ex, 429, "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}");
                return true;
            }
            return false;
        });
        serveManifest(null);
        assertThat(new ManifestPuller(client).pull(repo, "latest", null).bytes()).isNotEmpty();
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void send_429Always_failsWithDockersWording() {
        fake.routes.add(ex -> {
            FakeRegistry.send(ex, 429, "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"You have reached your pull rate limit.\"}]}");
            return true;
        });
        assertThatThrownBy(() -> new ManifestPuller(client).pull(repo, "latest", null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                .hasMessage("toomanyrequests: You have reached your pull rate limit.");
        assertThat(fake.log.stream().filter(l -> l.contains("/manifests/latest")).count()).isEqualTo(3);
    }

    @Test
    void send_retryAfterTooLong_failsAtOnce() {
        fake.routes.add(ex -> {
            ex.getResponseHeaders().add("Retry-After", "3600");
            FakeRegistry.send(ex, 503, "");
            return true;
        });
        assertThatThrownBy(() -> new ManifestPuller(client).pull(repo, "latest", null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
        assertThat(fake.log.stream().filter(l -> l.contains("/manifests/latest")).count()).isEqualTo(1);
    }

    @Test
    void send_503ThenOk_retries() {
        AtomicInteger calls = new AtomicInteger();
        fake.routes.add(ex -> calls.incrementAndGet() == 1 && respond(ex, 503));
        serveManifest(null);
        assertThat(new ManifestPuller(client).pull(repo, "latest", null).bytes()).isNotEmpty();
    }

    private static boolean respond(com.sun.net.httpserver.HttpExchange ex, int status) throws java.io.IOException {
        FakeRegistry.send(ex, status, "");
        return true;
    }

    @Test
    void send_connectionRefused_isUnavailableAfterRetries() {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Reference gone = Reference.parse("127.0.0.1:" + port + "/x/y");
        assertThatThrownBy(() -> new ManifestPuller(client).pull(gone, "latest", null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
    }

    @Test
    void pull_unknownManifest_isNotFoundWithRegistryWording() {
        fake.routes.add(ex -> {
            FakeRegistry.send(ex, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{}}]}");
            return true;
        });
        assertThatThrownBy(() -> new ManifestPuller(client).pull(repo, "nope", null))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                    assertThat(e.code()).isEqualTo("MANIFEST_UNKNOWN");
                })
                .hasMessage("manifest unknown: manifest unknown");
    }

    @Test
    void pull_byDigest_verifiesTheBytes() {
        fake.routes.add(ex -> {
            FakeRegistry.send(ex, 200, MANIFEST.getBytes(StandardCharsets.UTF_8), MediaTypes.DOCKER_MANIFEST);
            return true;
        });
        String wrong = "sha256:" + "f".repeat(64);
        assertThatThrownBy(() -> new ManifestPuller(client).pull(repo, wrong, null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("manifest verification failed");
        String right = Digest.of(MANIFEST.getBytes(StandardCharsets.UTF_8)).toString();
        assertThat(new ManifestPuller(client).pull(repo, right, null).digest()).hasToString(right);
    }

    @Test
    void blobPull_digestMismatch_failsTheSinkRead() {
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        Digest claimed = Digest.of("other");
        fake.routes.add(ex -> {
            FakeRegistry.send(ex, 200, data, "application/octet-stream");
            return true;
        });
        assertThatThrownBy(() -> new BlobPuller(client).pull(repo, claimed, data.length, null, null, InputStream::readAllBytes))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("filesystem layer verification failed for digest " + claimed);
    }

    @Test
    void blobPull_truncatedBody_isUnavailable() {
        byte[] data = new byte[100_000];
        fake.routes.add(ex -> {
            ex.sendResponseHeaders(200, data.length);
            OutputStream out = ex.getResponseBody();
            out.write(data, 0, 1000);
            out.flush();
            ex.getHttpContext().getServer(); // then drop the connection mid-body
            ex.close();
            return true;
        });
        assertThatThrownBy(() -> new BlobPuller(client).pull(repo, Digest.of(data), data.length, null, null,
                InputStream::readAllBytes))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
    }

    @Test
    void blobPull_redirect_dropsAuthorizationForOtherHost() throws Exception {
        byte[] data = "blob".getBytes(StandardCharsets.UTF_8);
        try (FakeRegistry cdn = new FakeRegistry()) {
            cdn.routes.add(ex -> {
                FakeRegistry.send(ex, 200, data, "application/octet-stream");
                return true;
            });
            fake.routes.add(ex -> {
                if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=x");
                    FakeRegistry.send(ex, 401, "");
                    return true;
                }
                ex.getResponseHeaders().add("Location", "http://localhost:" + cdn.server.getAddress().getPort() + "/b?sig=1");
                FakeRegistry.send(ex, 307, "");
                return true;
            });
            byte[] got = new BlobPuller(client).pull(repo, Digest.of(data), data.length, RegistryAuth.basic("u", "p"),
                    null, InputStream::readAllBytes);
            assertThat(got).isEqualTo(data);
            assertThat(cdn.log).singleElement().asString().doesNotContain("Basic");
        }
    }

    @Test
    void authChecker_wrongPassword_saysIncorrect() {
        fake.routes.add(ex -> {
            if (basic("u", "right").equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                FakeRegistry.send(ex, 200, "{}");
                return true;
            }
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=x");
            FakeRegistry.send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
            return true;
        });
        AuthChecker checker = new AuthChecker(client);
        assertThat(checker.check("http://" + fake.domain() + "/", RegistryAuth.basic("u", "right"))).isEqualTo("Login Succeeded");
        assertThatThrownBy(() -> checker.check(fake.domain(), RegistryAuth.basic("u", "wrong")))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                .hasMessage("unauthorized: incorrect username or password");
        assertThat(AuthChecker.normalizeServer("https://index.docker.io/v1/")).isEqualTo("docker.io");
    }

    @Test
    void endpoints_dockerHub_mirrorsFirstForReads() {
        RegistryClient withMirror = new RegistryClient(new RegistryConfig(
                List.of(java.net.URI.create("https://mirror.example/")), null, null, null, null, null));
        Reference hub = Reference.parse("busybox");
        RegistryRequest read = RegistryRequest.read("GET", hub, "/manifests/latest", null, "x", java.util.Map.of());
        assertThat(withMirror.endpoints(read)).extracting(Object::toString)
                .containsExactly("https://mirror.example", "https://registry-1.docker.io");
        RegistryRequest write = new RegistryRequest("PUT", "docker.io", "/v2/library/busybox/manifests/x", null, null,
                null, null, null, false, "x");
        assertThat(withMirror.endpoints(write)).extracting(Object::toString).containsExactly("https://registry-1.docker.io");
        assertThat(withMirror.scheme("registry.example.com")).isEqualTo("https");
    }
}
