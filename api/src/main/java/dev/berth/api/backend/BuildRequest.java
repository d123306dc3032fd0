package dev.berth.api.backend;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * POST /build's query, parsed: what the classic builder honours.
 *
 * @param dockerfile the Dockerfile's path inside the context (the docker CLI puts one given with
 *                   {@code -f} from outside the context into the tar under a generated name)
 * @param buildArgs  {@code --build-arg}s; a null value means "take it from the client's environment"
 *                   and, as in dockerd, leaves the ARG's default in place
 * @param networkMode "default"/"" (the default bridge), "bridge", "host", "none", or a network name
 * @param ulimits     RUN containers' ulimits as the API's HostConfig.Ulimits entries (Name, Soft, Hard)
 * @param registryConfig the raw {@code X-Registry-Config} header (credentials per registry, for FROM's
 *                   pulls); null when absent
 * @param pull       pull every FROM (and COPY --from) image even when present
 * @param cacheFrom  images whose history serves as cache (the classic builder's --cache-from)
 * @param resources  the RUN containers' limits
 */
public record BuildRequest(List<String> tags, String dockerfile, Map<String, String> buildArgs,
                           Map<String, String> labels, String target, boolean noCache, boolean remove,
                           boolean forceRemove, boolean quiet, String networkMode, List<String> extraHosts,
                           long shmSize, List<Map<String, Object>> ulimits, String registryConfig,
                           boolean pull, List<String> cacheFrom, BuildResources resources) {
    public BuildRequest {
        tags = List.copyOf(tags);
        Objects.requireNonNull(dockerfile, "dockerfile");
        // Null values are meaningful (see above), which Map.copyOf refuses.
        buildArgs = buildArgs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        target = target == null ? "" : target;
        networkMode = networkMode == null ? "" : networkMode;
        extraHosts = List.copyOf(extraHosts);
        ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
        cacheFrom = cacheFrom == null ? List.of() : List.copyOf(cacheFrom);
        resources = resources == null ? BuildResources.NONE : resources;
    }
}
