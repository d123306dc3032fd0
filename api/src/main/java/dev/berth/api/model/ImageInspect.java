package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** GET /images/{name}/json. */
public record ImageInspect(
        @JsonProperty("Id") String id,
        @JsonProperty("RepoTags") List<String> repoTags,
        @JsonProperty("RepoDigests") List<String> repoDigests,
        @JsonProperty("Parent") String parent,
        @JsonProperty("Comment") String comment,
        @JsonProperty("Created") String created,
        @JsonProperty("DockerVersion") String dockerVersion,
        @JsonProperty("Author") String author,
        @JsonProperty("Config") ImageConfig config,
        @JsonProperty("Architecture") String architecture,
        @JsonProperty("Variant") @JsonInclude(JsonInclude.Include.NON_EMPTY) String variant,
        @JsonProperty("Os") String os,
        @JsonProperty("Size") long size,
        @JsonProperty("GraphDriver") DriverData graphDriver,
        @JsonProperty("RootFS") RootFs rootFs,
        @JsonProperty("Metadata") Metadata metadata,
        @JsonProperty("Manifests") @JsonInclude(JsonInclude.Include.NON_NULL) List<ImageManifestSummary> manifests) {

    /** Without {@code Manifests}: what an inspect without {@code manifests=1} answers. */
    public ImageInspect(String id, List<String> repoTags, List<String> repoDigests, String parent, String comment,
                        String created, String dockerVersion, String author, ImageConfig config, String architecture,
                        String variant, String os, long size, DriverData graphDriver, RootFs rootFs, Metadata metadata) {
        this(id, repoTags, repoDigests, parent, comment, created, dockerVersion, author, config, architecture, variant,
                os, size, graphDriver, rootFs, metadata, null);
    }

    /** This inspect with {@code Manifests} ({@code manifests=1}). */
    public ImageInspect withManifests(List<ImageManifestSummary> list) {
        return new ImageInspect(id, repoTags, repoDigests, parent, comment, created, dockerVersion, author, config,
                architecture, variant, os, size, graphDriver, rootFs, metadata, List.copyOf(list));
    }

    public ImageInspect {
        repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
        repoDigests = repoDigests == null ? List.of() : List.copyOf(repoDigests);
        parent = parent == null ? "" : parent;
        comment = comment == null ? "" : comment;
        dockerVersion = dockerVersion == null ? "" : dockerVersion;
        author = author == null ? "" : author;
    }

    public record RootFs(@JsonProperty("Type") String type, @JsonProperty("Layers") List<String> layers) {
        public RootFs {
            layers = layers == null ? List.of() : List.copyOf(layers);
        }
    }

    /** {@code LastTagTime}: RFC 3339, or null when never tagged locally. */
    public record Metadata(@JsonProperty("LastTagTime") @JsonInclude(JsonInclude.Include.NON_NULL) String lastTagTime) {}
}
