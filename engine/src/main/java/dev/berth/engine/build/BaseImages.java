package dev.berth.engine.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.backend.ProgressSink;
import dev.berth.image.Reference;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * FROM's image: the local one when present (unless --pull), else pulled, its progress in the build's stream, with
 * the credentials the client sent for that registry in {@code X-Registry-Config} (the docker CLI
 * sends every login it has, keyed by server address).
 */
final class BaseImages {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BaseImages() {
    }

    static String resolve(BuildRun run, String name) {
        Reference ref = Reference.parse(name); // a malformed name fails here, in Docker's words
        Optional<String> local = run.images.find(name);
        boolean forced = run.pull && !isId(name) && run.pulled.add(ref.toString());
        if (local.isPresent() && !forced) {
            return local.get();
        }
        run.imagesApi.pull(name, null, null, authFor(ref.domain(), run.registryConfig),
                run.quiet ? new Silent() : run.out);
        return run.images.find(name).orElseThrow(() -> EngineException.notFound("No such image: " + name));
    }

    /** An image id (or its hex) names content, not a repository: there is nothing to pull for it. */
    private static boolean isId(String name) {
        return name.matches("(sha256:)?[0-9a-f]{64}");
    }

    /** The X-Registry-Auth value for {@code domain} out of an X-Registry-Config header; null for none. */
    static String authFor(String domain, String registryConfig) {
        if (registryConfig == null || registryConfig.isBlank()) {
            return null;
        }
        JsonNode all;
        try {
            String h = registryConfig.trim().replace('+', '-').replace('/', '_');
            int pad = h.indexOf('=');
            all = MAPPER.readTree(Base64.getUrlDecoder().decode(pad < 0 ? h : h.substring(0, pad)));
        } catch (IOException | IllegalArgumentException e) {
            throw EngineException.invalid("invalid X-Registry-Config header: " + e.getMessage());
        }
        if (all == null || !all.isObject()) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (server(e.getKey()).equals(domain)) {
                try {
                    return Base64.getUrlEncoder().encodeToString(MAPPER.writeValueAsBytes(e.getValue()));
                } catch (IOException ex) {
                    return null;
                }
            }
        }
        return null;
    }

    /** A credentials key as a reference's domain: no scheme, no path; Docker Hub's index is docker.io. */
    private static String server(String key) {
        String s = key.replaceFirst("^[a-zA-Z]+://", "");
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        return s.equals("index.docker.io") || s.equals("registry-1.docker.io") ? "docker.io" : s;
    }

    private static final class Silent implements ProgressSink {
        @Override
        public void status(String id, String status, long current, long total) {
        }
    }
}
