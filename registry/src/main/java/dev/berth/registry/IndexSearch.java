package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /images/search}: the v1 search API of the term's index (Docker Hub's
 * {@code index.docker.io} unless the term starts with a registry host), as dockerd asks it. A failure
 * to reach the index is dockerd's 500 with Go's wording ({@code Get "…": dial tcp: lookup
 * index.docker.io: no such host}); an answer other than 200 is its "Unexpected status code N".
 */
public final class IndexSearch {
    public static final String HUB_INDEX = "index.docker.io";
    private static final int DEFAULT_LIMIT = 25;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RegistryClient client;

    public IndexSearch(RegistryClient client) {
        this.client = client;
    }

    /** One result, in the index's words. */
    public record Hit(String name, String description, int starCount, boolean official) {
        public Hit {
            Objects.requireNonNull(name, "name");
            description = description == null ? "" : description;
        }
    }

    /** @param limit 0 for dockerd's default (25); otherwise 1 to 100 */
    public List<Hit> search(String term, int limit, RegistryAuth auth) {
        if (term.contains("://")) {
            throw EngineException.invalid("invalid repository name: repository name (" + term
                    + ") should not have a scheme");
        }
        int n = limit == 0 ? DEFAULT_LIMIT : limit;
        if (n < 1 || n > 100) {
            throw EngineException.invalid("limit " + n + " is outside the range of [1, 100]");
        }
        String index = HUB_INDEX;
        String remote = term;
        int slash = term.indexOf('/');
        if (slash > 0) {
            String first = term.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                index = first.equals("docker.io") ? HUB_INDEX : first;
                remote = term.substring(slash + 1);
            }
        }
        if (index.equals(HUB_INDEX) && remote.startsWith("library/")) {
            remote = remote.substring("library/".length());
        }
        String scheme = !index.equals(HUB_INDEX) && client.config().insecure().isInsecure(index) ? "http" : "https";
        String url = scheme + "://" + index + "/v1/search?q=" + URLEncoder.encode(remote, StandardCharsets.UTF_8)
                + "&n=" + n;
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET()
                .header("X-Docker-Token", "true");
        RegistryAuth credentials = auth == null ? RegistryAuth.anonymous() : auth;
        if (!credentials.isAnonymous() && credentials.username() != null && !credentials.username().isEmpty()) {
            req.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (credentials.username() + ":" + Objects.toString(credentials.password(), ""))
                            .getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<InputStream> r;
        try {
            r = client.http().send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw EngineException.internal(RegistryErrors.goUrlError("GET", URI.create(url), e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.internal("Get \"" + url + "\": context canceled", e);
        }
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                throw EngineException.internal("Unexpected status code " + r.statusCode(), null);
            }
            JsonNode results = MAPPER.readTree(in).path("results");
            List<Hit> hits = new ArrayList<>();
            for (JsonNode h : results) {
                hits.add(new Hit(h.path("name").asText(), h.path("description").asText(""),
                        h.path("star_count").asInt(0), h.path("is_official").asBoolean(false)));
            }
            return hits;
        } catch (IOException e) {
            throw EngineException.internal("error decoding registry search results: " + e.getMessage(), e);
        }
    }
}
