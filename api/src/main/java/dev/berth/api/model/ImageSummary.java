package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** One item of GET /images/json. Every field is required by the spec; lists/maps are never null. */
public record ImageSummary(
        @JsonProperty("Id") String id,
        @JsonProperty("ParentId") String parentId,
        @JsonProperty("RepoTags") List<String> repoTags,
        @JsonProperty("RepoDigests") List<String> repoDigests,
        @JsonProperty("Created") long created,
        @JsonProperty("Size") long size,
        @JsonProperty("SharedSize") long sharedSize,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Containers") long containers,
        @JsonProperty("Manifests") @com.fasterxml.jackson.annotation.JsonInclude(
                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY) List<ImageManifestSummary> manifests) {

    /** Without {@code Manifests}: what a listing without {@code manifests=1} answers. */
    public ImageSummary(String id, String parentId, List<String> repoTags, List<String> repoDigests, long created,
                        long size, long sharedSize, Map<String, String> labels, long containers) {
        this(id, parentId, repoTags, repoDigests, created, size, sharedSize, labels, containers, null);
    }

    public ImageSummary {
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        parentId = parentId == null ? "" : parentId;
        repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
        repoDigests = repoDigests == null ? List.of() : List.copyOf(repoDigests);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
