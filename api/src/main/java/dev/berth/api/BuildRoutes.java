package dev.berth.api;

import static io.netty.handler.codec.http.HttpMethod.POST;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.api.backend.BuildPruneSpace;
import dev.berth.api.backend.BuildRequest;
import dev.berth.api.backend.BuildResources;
import dev.berth.api.backend.ImageBackend;
import dev.berth.spi.EngineException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * POST /build, the classic builder's API: the body is the context tar (streamed to the builder),
 * the query says what to build. What Berth does not do is refused by name: a remote context,
 * outputs, BuildKit (version=2); squash is refused as dockerd without experimental refuses it.
 */
final class BuildRoutes {
    private final ImageBackend images;

    BuildRoutes(ImageBackend images) {
        this.images = images;
    }

    List<Route> routes() {
        return List.of(
                Route.of(POST, "/build/prune", ex -> ex.json(HttpResponseStatus.OK,
                        images.buildPrune(ex.query().bool("all"), ex.query().filters(), pruneSpace(ex.query()))))
                        .honours("all", "filters", "keep-storage", "reserved-space", "max-used-space", "min-free-space")
                        .filters(Set.of("until", "label", "label!"), Set.of("id", "parent", "type", "description", "inuse", "shared",
                                "private")),
                Route.of(POST, "/build", this::build).streamingBody()
                .honours("dockerfile", "t", "extrahosts", "q", "nocache", "rm", "forcerm", "buildargs", "shmsize",
                        "labels", "networkmode", "platform", "target", "version", "pull", "cachefrom", "squash",
                        "memory", "memswap", "cpushares", "cpusetcpus", "cpuperiod", "cpuquota")
                .refusesText("remote").refuses("outputs", BuildRoutes::emptyJson));
    }

    private void build(Exchange ex) {
        Query q = ex.query();
        String version = q.nonEmpty("version");
        if (version != null && !version.equals("1")) {
            throw EngineException.invalid("BuildKit (builder version " + version
                    + ") is not supported by Berth yet; build with DOCKER_BUILDKIT=0");
        }
        String platform = q.nonEmpty("platform");
        if (platform != null && !platform.equals("linux/amd64") && !platform.equals("linux")
                && !platform.equals("amd64")) {
            throw EngineException.invalid("platform \"" + platform + "\" is not supported by Berth yet: it builds linux/amd64 only");
        }
        if (q.bool("squash")) {
            throw EngineException.invalid("squash is only supported with experimental mode");
        }
        // Not in the spec's list, but the docker CLI sends them for --isolation, --cpuset-mems and
        // --security-opt: dockerd honours them, Berth refuses what it would otherwise ignore
        String isolation = q.nonEmpty("isolation");
        if (isolation != null && !isolation.equals("default")) {
            throw EngineException.invalid("Unsupported isolation: \"" + isolation + "\"");
        }
        for (String unsupported : List.of("cpusetmems", "securityopt")) {
            if (q.all(unsupported).stream().anyMatch(v -> !v.isEmpty() && !emptyJson(v))) {
                throw EngineException.invalid("query parameter \"" + unsupported + "\" is not supported by Berth yet");
            }
        }
        long shm = q.nonEmpty("shmsize") == null ? 0 : parseLong("shmsize", q.nonEmpty("shmsize"));
        // cgroupparent is not in the spec's list, but the CLI sends it for --cgroup-parent.
        BuildResources resources = new BuildResources(number(q, "memory"), number(q, "memswap"),
                number(q, "cpushares"), q.nonEmpty("cpusetcpus"), number(q, "cpuperiod"), number(q, "cpuquota"),
                q.nonEmpty("cgroupparent"));
        BuildRequest request = new BuildRequest(q.all("t"), q.nonEmpty("dockerfile") == null ? "Dockerfile"
                : q.nonEmpty("dockerfile"), jsonMap(q.nonEmpty("buildargs"), "buildargs"),
                jsonMap(q.nonEmpty("labels"), "labels"), q.nonEmpty("target"), q.bool("nocache"),
                q.bool("rm", true), q.bool("forcerm"), q.bool("q"), q.nonEmpty("networkmode"), q.all("extrahosts"),
                shm, ulimits(q.nonEmpty("ulimits")), ex.header("X-Registry-Config"), q.bool("pull"),
                cacheFrom(q.nonEmpty("cachefrom")), resources);
        ProgressStream progress = new ProgressStream(ex);
        AtomicBoolean gone = new AtomicBoolean();
        ex.onClose(() -> gone.set(true));
        try {
            images.build(ex.bodyStream(), request, progress, gone::get);
            progress.end();
        } catch (RuntimeException e) {
            if (!progress.fail(e)) {
                throw e;
            }
        }
    }

    private static Map<String, String> jsonMap(String text, String name) {
        if (text == null || text.equals("null")) {
            return Map.of();
        }
        try {
            Map<String, String> m = Json.MAPPER.readValue(text.getBytes(StandardCharsets.UTF_8),
                    new TypeReference<LinkedHashMap<String, String>>() { });
            return m == null ? Map.of() : m;
        } catch (IOException e) {
            throw EngineException.invalid("invalid " + name + " parameter: " + e.getMessage());
        }
    }

    /** The CLI's --ulimit list ([{"Name":"nofile","Soft":1024,"Hard":2048}]); checked where containers are made. */
    private static List<Map<String, Object>> ulimits(String text) {
        if (text == null || emptyJson(text)) {
            return List.of();
        }
        try {
            List<Map<String, Object>> l = Json.MAPPER.readValue(text.getBytes(StandardCharsets.UTF_8),
                    new TypeReference<List<Map<String, Object>>>() { });
            return l == null ? List.of() : l;
        } catch (IOException e) {
            throw EngineException.invalid("invalid ulimits parameter: " + e.getMessage());
        }
    }

    private static long number(Query q, String name) {
        String v = q.nonEmpty(name);
        return v == null ? 0 : parseLong(name, v);
    }

    /** The CLI's --cache-from list, JSON: ["app:1","app:cache"]. */
    private static List<String> cacheFrom(String text) {
        if (text == null || emptyJson(text)) {
            return List.of();
        }
        try {
            List<String> l = Json.MAPPER.readValue(text.getBytes(StandardCharsets.UTF_8),
                    new TypeReference<List<String>>() { });
            return l == null ? List.of() : l;
        } catch (IOException e) {
            throw EngineException.invalid("invalid cachefrom parameter: " + e.getMessage());
        }
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid value for " + name + ": " + value);
        }
    }

    /** keep-storage is reserved-space's older name (the docker CLI's --keep-storage); reserved-space wins. */
    static BuildPruneSpace pruneSpace(Query q) {
        long reserved = bytes(q, "keep-storage");
        if (q.nonEmpty("reserved-space") != null) {
            reserved = bytes(q, "reserved-space");
        }
        return new BuildPruneSpace(reserved, bytes(q, "max-used-space"), bytes(q, "min-free-space"));
    }

    private static long bytes(Query q, String name) {
        String text = q.nonEmpty(name);
        if (text == null) {
            return 0;
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw EngineException.invalid("invalid value for " + name + ": \"" + text + "\" is not a number of bytes");
    }

    /** A JSON list/map parameter the CLI always sends: empty or null is the default. */
    static boolean emptyJson(String value) {
        String s = value == null ? "" : value.trim();
        return s.isEmpty() || s.equals("null") || s.equals("[]") || s.equals("{}");
    }
}
