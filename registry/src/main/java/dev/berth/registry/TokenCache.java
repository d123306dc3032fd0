package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens from a challenge's realm (the distribution token protocol), reused per realm,
 * service, scopes and principal until 30 s before they expire. Username and password go to the
 * realm as basic credentials; an identity token is traded with the OAuth2 refresh-token grant.
 */
final class TokenCache {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long DEFAULT_EXPIRY_SECONDS = 60;
    private static final long EARLY_SECONDS = 30;

    private final RegistryClient client;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String value, Instant expires) {}

    TokenCache(RegistryClient client) {
        this.client = client;
    }

    static String basic(RegistryAuth auth) {
        String pair = auth.username() + ":" + auth.password();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    String token(Challenge c, RegistryRequest req) {
        String key = key(c, req);
        Token t = tokens.get(key);
        if (t != null && Instant.now().isBefore(t.expires())) {
            return t.value();
        }
        Token fresh = fetch(c, req);
        tokens.put(key, fresh);
        return fresh.value();
    }

    void invalidate(Challenge c, RegistryRequest req) {
        if (c.isBearer()) {
            tokens.remove(key(c, req));
        }
    }

    private static List<String> scopes(Challenge c, RegistryRequest req) {
        TreeSet<String> s = new TreeSet<>(req.scopes());
        String fromChallenge = c.param("scope");
        if (fromChallenge != null && !fromChallenge.isBlank()) {
            for (String one : fromChallenge.split(" ")) {
                if (!one.isBlank()) {
                    s.add(one);
                }
            }
        }
        return new ArrayList<>(s);
    }

    private static String key(Challenge c, RegistryRequest req) {
        return c.param("realm") + "|" + c.param("service") + "|" + String.join(" ", scopes(c, req))
                + "|" + req.auth().principal();
    }

    private Token fetch(Challenge c, RegistryRequest req) {
        String realm = c.param("realm");
        String service = c.param("service");
        List<String> scopes = scopes(c, req);
        RegistryAuth auth = req.auth();
        RegistryRequest tokenReq;
        String authorization = null;
        String what = "token from " + realm;
        if (auth.identityToken() != null) {
            StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=berth&access_type=offline");
            form.append("&refresh_token=").append(enc(auth.identityToken()));
            if (service != null) {
                form.append("&service=").append(enc(service));
            }
            form.append("&scope=").append(enc(String.join(" ", scopes)));
            String body = form.toString();
            tokenReq = new RegistryRequest("POST", req.domain(), null, URI.create(realm),
                    Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    () -> BodyPublishers.ofString(body), List.of(), auth, false, what);
        } else {
            StringBuilder q = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
            List<String> params = new ArrayList<>();
            if (service != null) {
                params.add("service=" + enc(service));
            }
            for (String s : scopes) {
                params.add("scope=" + enc(s));
            }
            if (auth.hasPassword()) {
                params.add("account=" + enc(auth.username()));
                authorization = basic(auth);
            }
            q.append(String.join("&", params));
            tokenReq = new RegistryRequest("GET", req.domain(), null, URI.create(q.toString()), Map.of(), null,
                    List.of(), auth, false, what);
        }
        HttpResponse<InputStream> r = client.withRetry(tokenReq.absolute(), tokenReq, authorization);
        int status = r.statusCode();
        byte[] body = RegistryClient.readErrorBody(r);
        if (status == 401 || status == 403) {
            String detail = detail(body);
            throw RegistryErrors.of(ErrorKind.UNAUTHORIZED, auth.isAnonymous()
                    ? "unauthorized: " + (detail == null ? "authentication required" : detail)
                    : "unauthorized: " + (detail == null ? "incorrect username or password" : detail));
        }
        if (status != 200) {
            throw RegistryErrors.fromResponse(status, body, what);
        }
        try {
            JsonNode n = MAPPER.readTree(body);
            String token = n.path("token").asText("");
            if (token.isEmpty()) {
                token = n.path("access_token").asText("");
            }
            if (token.isEmpty()) {
                throw RegistryErrors.of(ErrorKind.UNAVAILABLE, "token server " + realm + " returned no token");
            }
            long expiresIn = n.path("expires_in").asLong(DEFAULT_EXPIRY_SECONDS);
            if (expiresIn <= 0) {
                expiresIn = DEFAULT_EXPIRY_SECONDS;
            }
            Instant issued = Instant.now();
            return new Token(token, issued.plusSeconds(Math.max(1, expiresIn - EARLY_SECONDS)));
        } catch (IOException e) {
            throw RegistryErrors.of(ErrorKind.UNAVAILABLE, "token server " + realm + " returned malformed JSON");
        }
    }

    /** Docker Hub's token server: {@code {"details":"incorrect username or password"}}. */
    private static String detail(byte[] body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null) {
                return null;
            }
            for (String f : List.of("details", "detail", "message")) {
                if (n.path(f).isTextual()) {
                    return n.path(f).asText();
                }
            }
            JsonNode errors = n.path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                return errors.get(0).path("message").asText(null);
            }
        } catch (IOException ignored) {
            // not JSON
        }
        return null;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
