package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * GET /system/df. Images as in GET /images/json (with {@code SharedSize} and {@code Containers}
 * filled); containers as GET /containers/json?all=1&size=1 gives them, as dockerd's df does.
 */
public record SystemDf(
        @JsonProperty("LayersSize") long layersSize,
        @JsonProperty("Images") List<ImageSummary> images,
        @JsonProperty("Containers") List<?> containers,
        @JsonProperty("Volumes") List<Volume> volumes,
        @JsonProperty("BuildCache") List<BuildCacheRecord> buildCache) {

    public SystemDf {
        images = images == null ? List.of() : List.copyOf(images);
        containers = containers == null ? List.of() : List.copyOf(containers);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        buildCache = buildCache == null ? List.of() : List.copyOf(buildCache);
    }
}
