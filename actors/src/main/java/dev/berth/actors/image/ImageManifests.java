package dev.berth.actors.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.image.ContentStore;
import dev.berth.image.Digest;
import dev.berth.image.Reference;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The manifests an image is known by: those its repo digests name (a pull's or a push's), read from
 * the content store. A repo digest may name an index; then each of its entries is one manifest, of
 * which the one whose config is this image's is held locally (the pull fetched it) and the rest are
 * other platforms' or attestations, not here. An image that never met a registry (import, build,
 * commit, load) has none: Berth's store keeps layers, not manifests, until a push makes one.
 */
public final class ImageManifests {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** BuildKit marks an index entry that is an attestation, and the manifest it attests, with these. */
    static final String REFERENCE_TYPE = "vnd.docker.reference.type";
    static final String REFERENCE_DIGEST = "vnd.docker.reference.digest";

    /**
     * One manifest.
     *
     * @param descriptor  as the index (or, for a top-level manifest, the blob itself) describes it:
     *                    mediaType, digest, size, and the index entry's platform and annotations if any
     * @param attestation what it attests, for an attestation manifest; null otherwise
     * @param platform    architecture, os and variant (if any) of an image manifest, in OCI's JSON order
     *                    (the index entry's, else the image's own); null for an attestation
     * @param present     digests of its blobs held locally (manifest, config, layers), with their sizes
     * @param complete    every blob it names is here
     * @param isThisImage its config is the image's: the one containers run
     */
    public record Entry(Map<String, Object> descriptor, String attestation, Map<String, String> platform,
                        Map<Digest, Long> present, boolean complete, boolean isThisImage) {
        public Digest digest() {
            return Digest.parse((String) descriptor.get("digest"));
        }

        public long contentSize() {
            return present.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static final int PARSED_MAX = 512;
    private final ContentStore content;
    private final Map<Digest, JsonNode> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    public ImageManifests(ContentStore content) {
        this.content = content;
    }

    /** The image's manifests, in the order its repo digests name them, each once. */
    public List<Entry> of(ImageEvent.Stored image) {
        List<Entry> out = new ArrayList<>();
        Set<Digest> seen = new LinkedHashSet<>();
        for (Digest top : topDigests(image)) {
            JsonNode doc = read(top);
            if (doc == null) {
                continue;
            }
            JsonNode children = doc.path("manifests");
            if (children.isArray()) {
                for (JsonNode child : children) {
                    Map<String, Object> descriptor = descriptor(child);
                    if (descriptor != null && seen.add(Digest.parse((String) descriptor.get("digest")))) {
                        out.add(entry(image, descriptor, child));
                    }
                }
            } else if (seen.add(top)) {
                Map<String, Object> descriptor = new java.util.LinkedHashMap<>();
                descriptor.put("mediaType", doc.path("mediaType").asText(""));
                descriptor.put("digest", top.toString());
                descriptor.put("size", content.size(top));
                out.add(entry(image, descriptor, null));
            }
        }
        return out;
    }

    /**
     * The manifests that image's repo digests name through an index and that are held locally: kept
     * by garbage collection with the index, since they describe the image's own layers.
     */
    public Set<Digest> heldChildren(ImageEvent.Stored image) {
        Set<Digest> out = new LinkedHashSet<>();
        for (Digest top : topDigests(image)) {
            JsonNode doc = read(top);
            if (doc != null && doc.path("manifests").isArray()) {
                for (JsonNode child : doc.path("manifests")) {
                    Map<String, Object> d = descriptor(child);
                    if (d != null) {
                        Digest digest = Digest.parse((String) d.get("digest"));
                        if (content.exists(digest)) {
                            out.add(digest);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The digests the image's repo digests name ({@code name@sha256:…}), each once. */
    public static List<Digest> topDigests(ImageEvent.Stored image) {
        Set<Digest> out = new LinkedHashSet<>();
        for (String rd : image.repoDigests()) {
            try {
                Digest d = Reference.parse(rd).digest();
                if (d != null) {
                    out.add(d);
                }
            } catch (EngineException notAReference) {
                // nothing to read
            }
        }
        return List.copyOf(out);
    }

    private Entry entry(ImageEvent.Stored image, Map<String, Object> descriptor, JsonNode indexEntry) {
        Digest digest = Digest.parse((String) descriptor.get("digest"));
        Map<Digest, Long> present = new TreeMap<>(java.util.Comparator.comparing(Digest::toString));
        boolean complete = false;
        boolean mine = false;
        JsonNode manifest = read(digest);
        if (manifest != null) {
            present.put(digest, content.size(digest));
            List<Digest> blobs = new ArrayList<>();
            JsonNode config = manifest.path("config");
            if (config.hasNonNull("digest")) {
                Digest c = Digest.parse(config.get("digest").asText());
                blobs.add(c);
                mine = c.toString().equals(image.id());
            }
            for (JsonNode layer : manifest.path("layers")) {
                if (layer.hasNonNull("digest")) {
                    blobs.add(Digest.parse(layer.get("digest").asText()));
                }
            }
            complete = true;
            for (Digest b : blobs) {
                if (content.exists(b)) {
                    present.put(b, content.size(b));
                } else {
                    complete = false;
                }
            }
        }
        String attests = null;
        JsonNode annotations = indexEntry == null ? null : indexEntry.path("annotations");
        if (annotations != null && "attestation-manifest".equals(annotations.path(REFERENCE_TYPE).asText(null))) {
            attests = annotations.path(REFERENCE_DIGEST).asText("");
        }
        Map<String, String> platform = null;
        if (attests == null) {
            JsonNode p = indexEntry == null ? null : indexEntry.path("platform");
            boolean given = p != null && p.isObject();
            platform = ociPlatform(given ? p.path("os").asText("") : nz(image.os()),
                    given ? p.path("architecture").asText("") : nz(image.architecture()),
                    given ? p.path("variant").asText("") : nz(image.variant()));
        }
        return new Entry(descriptor, attests, platform, present, complete, mine);
    }

    /** As Go's ocispec.Platform marshals it: architecture, os, then the variant when there is one. */
    private static Map<String, String> ociPlatform(String os, String architecture, String variant) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put("architecture", architecture);
        out.put("os", os);
        if (!variant.isEmpty()) {
            out.put("variant", variant);
        }
        return out;
    }

    /** An index entry as Go's ocispec.Descriptor marshals it: empty fields left out. */
    private static Map<String, Object> descriptor(JsonNode d) {
        if (!d.hasNonNull("digest") || !d.hasNonNull("mediaType")) {
            return null;
        }
        try {
            Digest.parse(d.get("digest").asText());
        } catch (RuntimeException e) {
            return null;
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("mediaType", d.get("mediaType").asText());
        out.put("digest", d.get("digest").asText());
        out.put("size", d.path("size").asLong());
        if (d.path("annotations").isObject() && !d.get("annotations").isEmpty()) {
            out.put("annotations", JSON.convertValue(d.get("annotations"), Map.class));
        }
        if (d.path("platform").isObject()) {
            out.put("platform", JSON.convertValue(d.get("platform"), Map.class));
        }
        return out;
    }

    /**
     * The blob as JSON while it is held. A digest names its bytes for good, so what was parsed is kept
     * (a few hundred documents at most: a listing reads every image's at each {@code docker images}).
     */
    private JsonNode read(Digest digest) {
        if (!content.exists(digest)) {
            return null;
        }
        JsonNode cached = parsed.get(digest);
        if (cached != null) {
            return cached;
        }
        try {
            JsonNode doc = JSON.readTree(content.read(digest));
            if (doc == null || !doc.isObject()) {
                return null;
            }
            if (parsed.size() >= PARSED_MAX) {
                parsed.clear();
            }
            parsed.put(digest, doc);
            return doc;
        } catch (IOException | RuntimeException e) {
            return null; // a blob that is no manifest names nothing
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
