package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One entry of GET /system/df's {@code BuildCache}, in the spec's shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BuildCacheRecord(
        @JsonProperty("ID") String id,
        @JsonProperty("Parents") List<String> parents,
        @JsonProperty("Type") String type,
        @JsonProperty("Description") String description,
        @JsonProperty("InUse") boolean inUse,
        @JsonProperty("Shared") boolean shared,
        @JsonProperty("Size") long size,
        @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("LastUsedAt") String lastUsedAt,
        @JsonProperty("UsageCount") long usageCount) {
    public BuildCacheRecord {
        parents = parents == null ? null : List.copyOf(parents);
    }
}
