package dev.berth.registry;

import dev.berth.image.Reference;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One request an operation asks {@link RegistryClient} to make. The client adds the endpoint,
 * credentials, retries and redirects.
 *
 * @param path relative to the endpoint ({@code /v2/library/busybox/manifests/latest}); or null
 * @param absolute a URI the registry handed out (an upload {@code Location}); or null
 * @param body a fresh publisher per attempt (retries resend), null for none
 * @param scopes token scopes, {@code repository:library/busybox:pull}
 * @param mirrorable a read that Docker Hub mirrors may serve
 * @param what how the error messages name the target
 */
record RegistryRequest(String method, String domain, String path, URI absolute, Map<String, String> headers,
                       Supplier<BodyPublisher> body, List<String> scopes, RegistryAuth auth, boolean mirrorable,
                       String what) {
    RegistryRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(domain, "domain");
        if ((path == null) == (absolute == null)) {
            throw new IllegalArgumentException("exactly one of path and absolute");
        }
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        scopes = List.copyOf(scopes == null ? List.of() : scopes);
        auth = auth == null ? RegistryAuth.anonymous() : auth;
    }

    static String pullScope(Reference repo) {
        return "repository:" + repo.path() + ":pull";
    }

    static String pushScope(Reference repo) {
        return "repository:" + repo.path() + ":pull,push";
    }

    static RegistryRequest read(String method, Reference repo, String subPath, RegistryAuth auth, String what,
                                Map<String, String> headers) {
        return new RegistryRequest(method, repo.domain(), "/v2/" + repo.path() + subPath, null, headers, null,
                List.of(pullScope(repo)), auth, true, what);
    }

    RegistryRequest withHeaders(Map<String, String> more) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putAll(more);
        return new RegistryRequest(method, domain, path, absolute, h, body, scopes, auth, mirrorable, what);
    }

    BodyPublisher publisher() {
        return body == null ? BodyPublishers.noBody() : body.get();
    }
}
