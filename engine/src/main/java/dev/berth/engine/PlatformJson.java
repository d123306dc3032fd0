package dev.berth.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.registry.Platform;
import dev.berth.spi.EngineException;

/**
 * A {@code platform} query parameter in its JSON form (an OCI platform, as image inspect, history,
 * push, save and load take it: {@code {"os":"linux","architecture":"arm","variant":"v5"}}), read as
 * dockerd reads it: both os and architecture required.
 */
final class PlatformJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlatformJson() {}

    /** @throws EngineException INVALID_ARGUMENT in dockerd's words */
    static Platform parse(String json) {
        JsonNode p;
        try {
            p = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw EngineException.invalid("failed to parse platform: " + e.getOriginalMessage());
        }
        if (p == null || !p.isObject()) {
            throw EngineException.invalid("failed to parse platform: not a JSON object: " + json);
        }
        String os = p.path("os").asText("");
        String arch = p.path("architecture").asText("");
        String variant = p.path("variant").asText("");
        boolean optional = !variant.isEmpty() || !p.path("os.version").asText("").isEmpty()
                || p.path("os.features").size() > 0;
        if (os.isEmpty() && arch.isEmpty() && optional) {
            throw EngineException.invalid("optional platform fields provided, but OS and Architecture are missing");
        }
        if (os.isEmpty() || arch.isEmpty()) {
            throw EngineException.invalid("both OS and Architecture must be provided");
        }
        return new Platform(os, arch, variant.isEmpty() ? null : variant).normalize();
    }
}
