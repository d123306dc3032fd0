package dev.berth.registry;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that talks HTTP to registries: endpoint choice (Docker Hub, mirrors, HTTP for
 * insecure registries), authentication (anonymous → {@code WWW-Authenticate} challenge → bearer
 * token or basic credentials → retry), retries with backoff on connection errors, 429 and 5xx
 * (honouring {@code Retry-After}), redirects (credentials never follow to another host) and error
 * translation. Operations ({@link ManifestPuller}, {@link BlobPuller}, …) each build their
 * requests and read their responses; nothing else here knows a registry route.
 *
 * <p>Thread-safe; one instance per daemon. Tokens are cached per realm, service, scope and
 * principal until shortly before they expire; credentials themselves are never stored.
 */
public final class RegistryClient {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);
    static final String DOCKER_HUB = "docker.io";
    static final URI DOCKER_HUB_ENDPOINT = URI.create("https://registry-1.docker.io");
    private static final int MAX_REDIRECTS = 10;
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** Servers that speak plain HTTP answer a TLS hello with a 400 at once; some never answer. */
    private static final Duration TLS_PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final RegistryConfig config;
    // Built on first use: the JDK client starts a selector thread and loads the default TLS context,
    // which would cost the daemon's start-up a few hundred milliseconds for nothing.
    private volatile HttpClient http;
    private final Map<String, Challenge> challenges = new ConcurrentHashMap<>();
    private final Map<String, String> schemes = new ConcurrentHashMap<>();
    private final TokenCache tokens;

    public RegistryClient(RegistryConfig config) {
        this.config = config;
        this.tokens = new TokenCache(this);
    }

    RegistryConfig config() {
        return config;
    }

    /**
     * Sends {@code req}, returning the first response whose status {@code accept}s (its body
     * open: the caller closes it). Anything else becomes a {@link RegistryException}.
     */
    HttpResponse<InputStream> send(RegistryRequest req, IntPredicate accept) {
        List<URI> endpoints = endpoints(req);
        RegistryException last = null;
        for (int i = 0; i < endpoints.size(); i++) {
            try {
                return sendTo(endpoints.get(i), req, accept);
            } catch (RegistryException e) {
                boolean mirror = i < endpoints.size() - 1;
                if (!mirror) {
                    throw e;
                }
                LOG.info("mirror {} failed for {}: {}; trying the next endpoint", endpoints.get(i), req.what(), e.getMessage());
                last = e;
            }
        }
        throw last;
    }

    private HttpResponse<InputStream> sendTo(URI base, RegistryRequest req, IntPredicate accept) {
        URI uri = req.absolute() != null ? req.absolute() : URI.create(base + req.path());
        String origin = authority(uri);
        boolean challenged = false;
        int redirects = 0;
        while (true) {
            String authorization = authorization(origin, uri, req);
            HttpResponse<InputStream> r = withRetry(uri, req, authorization);
            int status = r.statusCode();
            if (accept.test(status)) {
                return r;
            }
            if (isRedirect(status) && r.headers().firstValue("Location").isPresent() && redirects < MAX_REDIRECTS) {
                close(r);
                uri = uri.resolve(r.headers().firstValue("Location").get());
                redirects++;
                continue;
            }
            byte[] body = readErrorBody(r);
            if (status == 401 && authority(uri).equals(origin)) {
                List<Challenge> cs = Challenge.parse(r.headers().allValues("WWW-Authenticate"));
                Challenge c = pick(cs);
                if (c != null && !challenged) {
                    challenges.put(origin, c);
                    challenged = true;
                    if (canAnswer(c, req.auth())) {
                        tokens.invalidate(c, req);
                        continue;
                    }
                }
                if (c != null && c.isBasic() && !req.auth().hasPassword()) {
                    throw RegistryErrors.of(ErrorKind.UNAUTHORIZED, "no basic auth credentials");
                }
            }
            throw RegistryErrors.fromResponse(status, body, req.what());
        }
    }

    /** Bearer before Basic, as the docker client prefers. */
    private static Challenge pick(List<Challenge> cs) {
        Challenge basic = null;
        for (Challenge c : cs) {
            if (c.isBearer() && c.param("realm") != null) {
                return c;
            }
            if (c.isBasic() && basic == null) {
                basic = c;
            }
        }
        return basic;
    }

    private static boolean canAnswer(Challenge c, RegistryAuth auth) {
        return c.isBearer() || auth.hasPassword();
    }

    private String authorization(String origin, URI uri, RegistryRequest req) {
        if (!authority(uri).equals(origin)) {
            return null; // a redirect to blob storage: its URL carries its own signature
        }
        Challenge c = challenges.get(origin);
        if (req.auth().registryToken() != null && (c == null || c.isBearer())) {
            return "Bearer " + req.auth().registryToken();
        }
        if (c == null) {
            return null;
        }
        if (c.isBasic()) {
            return req.auth().hasPassword() ? TokenCache.basic(req.auth()) : null;
        }
        return "Bearer " + tokens.token(c, req);
    }

    /** Sends once per attempt, retrying connection errors, 429 and 5xx within the policy. */
    HttpResponse<InputStream> withRetry(URI uri, RegistryRequest req, String authorization) {
        RetryPolicy policy = config.retry();
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .method(req.method(), req.publisher())
                    .header("User-Agent", config.userAgent());
            req.headers().forEach(b::header);
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            HttpResponse<InputStream> r;
            try {
                r = http().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                if (attempt >= policy.maxAttempts()) {
                    throw RegistryErrors.unreachable(req.method(), uri, e);
                }
                LOG.debug("{} {} failed ({}); retry {}", req.method(), uri, e.toString(), attempt);
                sleep(policy.backoff(attempt));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException(ErrorKind.UNAVAILABLE, "interrupted: " + req.what(), e);
            }
            if (RetryPolicy.retryableStatus(r.statusCode()) && attempt < policy.maxAttempts()) {
                Duration wait = retryAfter(r).orElse(policy.backoff(attempt));
                if (wait.compareTo(policy.maxRetryAfter()) <= 0) {
                    LOG.debug("{} {} answered {}; retry {} in {}", req.method(), uri, r.statusCode(), attempt, wait);
                    close(r);
                    sleep(wait);
                    continue;
                }
            }
            return r;
        }
    }

    static java.util.Optional<Duration> retryAfter(HttpResponse<?> r) {
        return r.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                try {
                    var when = java.time.ZonedDateTime.parse(v.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration d = Duration.between(java.time.Instant.now(), when.toInstant());
                    return d.isNegative() ? Duration.ZERO : d;
                } catch (java.time.format.DateTimeParseException e2) {
                    return null;
                }
            }
        });
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(ErrorKind.UNAVAILABLE, "interrupted while waiting to retry", e);
        }
    }

    /** Mirrors (for reads from Docker Hub) then the registry itself. */
    List<URI> endpoints(RegistryRequest req) {
        List<URI> out = new ArrayList<>();
        if (req.absolute() != null) {
            out.add(req.absolute());
            return out;
        }
        if (req.domain().equals(DOCKER_HUB)) {
            if (req.mirrorable()) {
                for (URI m : config.mirrors()) {
                    String s = m.toString();
                    out.add(URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s));
                }
            }
            out.add(DOCKER_HUB_ENDPOINT);
            return out;
        }
        out.add(URI.create(scheme(req.domain()) + "://" + req.domain()));
        return out;
    }

    /**
     * HTTPS, except for insecure registries that do not speak TLS: like dockerd, try HTTPS first
     * and fall back to HTTP, remembering the answer per host.
     */
    String scheme(String domain) {
        if (!config.insecure().isInsecure(domain)) {
            return "https";
        }
        return schemes.computeIfAbsent(domain, d -> {
            HttpRequest probe = HttpRequest.newBuilder(URI.create("https://" + d + "/v2/"))
                    .timeout(TLS_PROBE_TIMEOUT).GET().build();
            try {
                http().send(probe, HttpResponse.BodyHandlers.discarding());
                return "https";
            } catch (SSLException e) {
                return "http";
            } catch (IOException e) {
                return "http";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "http";
            }
        });
    }

    /** For tests: skip the TLS probe of a host known to speak plain HTTP. */
    void rememberScheme(String domain, String scheme) {
        schemes.put(domain, scheme);
    }

    HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    HttpClient.Builder b = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(config.connectTimeout());
                    if (config.sslContext() != null) {
                        b.sslContext(config.sslContext());
                    }
                    http = b.build();
                }
                client = http;
            }
        }
        return client;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    static String authority(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    static byte[] readErrorBody(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            return in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static void close(HttpResponse<InputStream> r) {
        try {
            r.body().close();
        } catch (IOException ignored) {
            // the connection is dropped instead of reused
        }
    }
}
