package dev.berth.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.image.Digest;
import dev.berth.registry.ManifestTemplates.DescriptorTemplate;
import dev.berth.registry.ManifestTemplates.DocumentTemplate;
import dev.berth.registry.ManifestTemplates.PlatformTemplate;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes manifests and indexes. Bytes are never re-serialised on the way in: the caller
 * keeps what the registry sent, since the digest is over those exact bytes.
 */
public final class ManifestJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    private ManifestJson() {}

    /**
     * Parses manifest bytes. {@code contentType} (the response header) wins when it names a
     * manifest kind; otherwise the document's own {@code mediaType}, then its shape, decide.
     */
    public static ManifestDocument parse(byte[] bytes, String contentType) {
        DocumentTemplate t;
        try {
            t = MAPPER.readValue(bytes, DocumentTemplate.class);
        } catch (IOException e) {
            throw EngineException.invalid("malformed manifest: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (t == null) {
            throw EngineException.invalid("malformed manifest: empty document");
        }
        String type = mediaTypeOf(t, MediaTypes.bare(contentType));
        if (MediaTypes.isSchema1(type) || Integer.valueOf(1).equals(t.schemaVersion())) {
            throw EngineException.invalid("unsupported manifest format: Docker Image manifest version 2, schema 1 "
                    + "is no longer supported; the image must be pushed again with a newer client");
        }
        if (t.schemaVersion() == null || t.schemaVersion() != 2) {
            throw EngineException.invalid("malformed manifest: schemaVersion " + t.schemaVersion());
        }
        if (MediaTypes.isIndex(type)) {
            if (t.manifests() == null) {
                throw EngineException.invalid("malformed manifest: index without manifests");
            }
            List<Descriptor> entries = new ArrayList<>();
            for (DescriptorTemplate d : t.manifests()) {
                entries.add(descriptor(d));
            }
            return new ManifestIndex(type, entries);
        }
        if (MediaTypes.isManifest(type)) {
            if (t.config() == null || t.layers() == null) {
                throw EngineException.invalid("malformed manifest: config or layers missing");
            }
            List<Descriptor> layers = new ArrayList<>();
            for (DescriptorTemplate d : t.layers()) {
                layers.add(descriptor(d));
            }
            return new Manifest(type, descriptor(t.config()), layers);
        }
        throw EngineException.invalid("unsupported manifest media type: " + type);
    }

    private static String mediaTypeOf(DocumentTemplate t, String contentType) {
        if (contentType != null && (MediaTypes.isIndex(contentType) || MediaTypes.isManifest(contentType)
                || MediaTypes.isSchema1(contentType))) {
            return contentType;
        }
        if (t.mediaType() != null && !t.mediaType().isEmpty()) {
            return t.mediaType();
        }
        // OCI allows mediaType to be absent; the shape tells.
        if (t.manifests() != null) {
            return MediaTypes.OCI_INDEX;
        }
        if (t.config() != null) {
            return MediaTypes.OCI_MANIFEST;
        }
        return contentType == null ? "(none)" : contentType;
    }

    private static Descriptor descriptor(DescriptorTemplate d) {
        if (d == null || d.mediaType() == null || d.digest() == null || d.size() == null) {
            throw EngineException.invalid("malformed manifest: descriptor needs mediaType, digest and size");
        }
        Platform platform = null;
        PlatformTemplate p = d.platform();
        if (p != null && p.os() != null && p.architecture() != null) {
            platform = new Platform(p.os(), p.architecture(), p.variant());
        }
        try {
            return new Descriptor(d.mediaType(), Digest.parse(d.digest()), d.size(), platform, d.urls());
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("malformed manifest: " + e.getMessage());
        }
    }

    /** The bytes of an image manifest, in the field order docker writes. */
    public static byte[] write(Manifest m) {
        List<DescriptorTemplate> layers = m.layers().stream().map(ManifestJson::template).toList();
        return bytes(new DocumentTemplate(2, m.mediaType(), template(m.config()), layers, null, null));
    }

    /** The bytes of an index or manifest list. */
    public static byte[] write(ManifestIndex index) {
        List<DescriptorTemplate> entries = index.manifests().stream().map(ManifestJson::template).toList();
        return bytes(new DocumentTemplate(2, index.mediaType(), null, null, entries, null));
    }

    private static DescriptorTemplate template(Descriptor d) {
        Platform p = d.platform();
        PlatformTemplate pt = p == null ? null : new PlatformTemplate(p.architecture(), p.os(), null, p.variant());
        return new DescriptorTemplate(d.mediaType(), d.size(), d.digest().toString(), d.urls(), null, pt);
    }

    private static byte[] bytes(Object o) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw EngineException.internal("cannot write manifest", e);
        }
    }
}
