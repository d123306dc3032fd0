package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/** GET /distribution/{name}/json: the registry's descriptor of the reference and its platforms. */
public record DistributionInspect(@JsonProperty("Descriptor") Descriptor descriptor,
                                  @JsonProperty("Platforms") List<Platform> platforms) {
    public DistributionInspect {
        Objects.requireNonNull(descriptor, "descriptor");
        platforms = List.copyOf(platforms == null ? List.of() : platforms);
    }

    /** An OCI descriptor as Go's ocispec writes it (empty optional fields left out). */
    public record Descriptor(@JsonProperty("mediaType") String mediaType,
                             @JsonProperty("digest") String digest,
                             @JsonProperty("size") long size) {
        public Descriptor {
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(digest, "digest");
        }
    }

    /** An OCI platform; variant is omitted when empty, as in Go's ocispec. */
    public record Platform(@JsonProperty("architecture") String architecture,
                           @JsonProperty("os") String os,
                           @JsonProperty("variant") @JsonInclude(JsonInclude.Include.NON_EMPTY) String variant) {
        public Platform {
            Objects.requireNonNull(architecture, "architecture");
            Objects.requireNonNull(os, "os");
        }
    }
}
