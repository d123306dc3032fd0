package dev.berth.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The registry's JSON as it is on the wire (jib's {@code *Template}s): nothing validated here,
 * {@link ManifestJson} turns these into the domain records and back. Field order follows what
 * Docker writes, so a manifest we push reads like one docker pushes.
 */
final class ManifestTemplates {
    private ManifestTemplates() {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"mediaType", "size", "digest", "urls", "annotations", "platform"})
    record DescriptorTemplate(
            String mediaType,
            Long size,
            String digest,
            List<String> urls,
            Map<String, String> annotations,
            PlatformTemplate platform) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"architecture", "os", "os.version", "variant"})
    record PlatformTemplate(
            String architecture,
            String os,
            @JsonProperty("os.version") String osVersion,
            String variant) {}

    /** Both image manifests and indexes: {@code layers}/{@code config} or {@code manifests}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"schemaVersion", "mediaType", "config", "layers", "manifests", "annotations"})
    record DocumentTemplate(
            Integer schemaVersion,
            String mediaType,
            DescriptorTemplate config,
            List<DescriptorTemplate> layers,
            List<DescriptorTemplate> manifests,
            Map<String, String> annotations) {}
}
