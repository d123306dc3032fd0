package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * One of an image's {@code Manifests} ({@code GET /images/json?manifests=1}): API 1.47's
 * ImageManifestSummary. {@code Descriptor} and {@code ImageData.Platform} are OCI's JSON shapes.
 */
@JsonPropertyOrder({"ID", "Descriptor", "Available", "Size", "Kind", "ImageData", "AttestationData"})
public record ImageManifestSummary(
        @JsonProperty("ID") String id,
        @JsonProperty("Descriptor") Map<String, Object> descriptor,
        @JsonProperty("Available") boolean available,
        @JsonProperty("Size") Size size,
        @JsonProperty("Kind") String kind,
        @JsonProperty("ImageData") @JsonInclude(JsonInclude.Include.NON_NULL) ImageData imageData,
        @JsonProperty("AttestationData") @JsonInclude(JsonInclude.Include.NON_NULL) AttestationData attestationData) {

    public static final String IMAGE = "image";
    public static final String ATTESTATION = "attestation";

    /** @param total content and, for an image manifest, its unpacked layers */
    public record Size(@JsonProperty("Total") long total, @JsonProperty("Content") long content) {}

    /** @param containers ids of the containers that run this manifest's image */
    public record ImageData(@JsonProperty("Platform") Map<String, String> platform,
                            @JsonProperty("Containers") List<String> containers,
                            @JsonProperty("Size") Unpacked size) {
        public ImageData {
            containers = containers == null ? List.of() : List.copyOf(containers);
        }
    }

    public record Unpacked(@JsonProperty("Unpacked") long unpacked) {}

    public record AttestationData(@JsonProperty("For") String attests) {}
}
