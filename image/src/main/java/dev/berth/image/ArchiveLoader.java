package dev.berth.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code docker load}: reads a docker-archive (legacy {@code <id>/layer.tar} layout or Docker 25+'s
 * OCI layout with {@code manifest.json}) or a plain OCI image layout ({@code index.json} only). The
 * body is first spooled to a scratch directory (archives list their manifest last), then each
 * image's config and layers go into the stores; every layer's diff id is checked against the
 * config. Registering the images (journal, tags) is the caller's business.
 */
public final class ArchiveLoader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_INDEX_DEPTH = 2;

    private final ContentStore content;
    private final LayerStore layers;

    /** One image the archive held. {@code repoTags} are as written (familiar or canonical). */
    public record Loaded(Digest imageId, ImageConfig config, List<LayerRef> layers, List<String> repoTags) {
        public Loaded {
            Objects.requireNonNull(imageId, "imageId");
            layers = List.copyOf(layers);
            repoTags = List.copyOf(repoTags);
        }
    }

    public ArchiveLoader(ContentStore content, LayerStore layers) {
        this.content = content;
        this.layers = layers;
    }

    /** Spools {@code body} into {@code scratch} (an empty directory the caller deletes) and loads it. */
    public List<Loaded> load(InputStream body, Path scratch) {
        Spool spool = spool(body, scratch);
        try {
            Path manifest = spool.file("manifest.json");
            if (manifest != null) {
                return fromDockerManifest(spool, MAPPER.readTree(manifest.toFile()));
            }
            Path index = spool.file("index.json");
            if (index != null) {
                return fromOciIndex(spool, MAPPER.readTree(index.toFile()));
            }
            throw EngineException.invalid("invalid archive: neither manifest.json nor index.json found");
        } catch (IOException e) {
            throw EngineException.invalid("invalid archive: " + e.getMessage());
        }
    }

    private List<Loaded> fromDockerManifest(Spool spool, JsonNode manifest) throws IOException {
        if (!manifest.isArray()) {
            throw EngineException.invalid("invalid archive: manifest.json is not a list");
        }
        List<Loaded> out = new ArrayList<>();
        for (JsonNode m : manifest) {
            byte[] config = spool.read(m.path("Config").asText());
            List<Path> layerFiles = new ArrayList<>();
            for (JsonNode l : m.path("Layers")) {
                layerFiles.add(spool.require(l.asText()));
            }
            List<String> tags = new ArrayList<>();
            for (JsonNode t : m.path("RepoTags")) {
                tags.add(t.asText());
            }
            out.add(store(config, layerFiles, tags));
        }
        return out;
    }

    private List<Loaded> fromOciIndex(Spool spool, JsonNode index) throws IOException {
        List<Loaded> out = new ArrayList<>();
        for (JsonNode d : index.path("manifests")) {
            String name = d.path("annotations").path("io.containerd.image.name").asText("");
            if (name.isEmpty()) {
                String refName = d.path("annotations").path("org.opencontainers.image.ref.name").asText("");
                name = refName.contains(":") || refName.contains("/") ? refName : "";
            }
            JsonNode manifest = resolveManifest(spool, d, 0);
            byte[] config = spool.read(blobPath(manifest.path("config").path("digest").asText()));
            List<Path> layerFiles = new ArrayList<>();
            for (JsonNode l : manifest.path("layers")) {
                layerFiles.add(spool.require(blobPath(l.path("digest").asText())));
            }
            out.add(store(config, layerFiles, name.isEmpty() ? List.of() : List.of(name)));
        }
        return out;
    }

    /** A descriptor's manifest; an index inside the layout resolves to the host's platform. */
    private JsonNode resolveManifest(Spool spool, JsonNode descriptor, int depth) throws IOException {
        JsonNode doc = MAPPER.readTree(spool.read(blobPath(descriptor.path("digest").asText())));
        if (!doc.has("manifests")) {
            return doc;
        }
        if (depth >= MAX_INDEX_DEPTH) {
            throw EngineException.invalid("invalid archive: image index nested too deeply");
        }
        JsonNode fallback = null;
        for (JsonNode m : doc.path("manifests")) {
            JsonNode p = m.path("platform");
            if (p.path("architecture").asText("").equals(Platforms.hostArchitecture())
                    && p.path("os").asText("linux").equals(Platforms.hostOs())
                    && spool.file(blobPath(m.path("digest").asText())) != null) {
                return resolveManifest(spool, m, depth + 1);
            }
            if (fallback == null && spool.file(blobPath(m.path("digest").asText())) != null) {
                fallback = m;
            }
        }
        if (fallback == null) {
            throw EngineException.invalid("invalid archive: no manifest of the index is in the archive");
        }
        return resolveManifest(spool, fallback, depth + 1);
    }

    private static String blobPath(String digest) {
        Digest d = Digest.parse(digest);
        return "blobs/sha256/" + d.hex();
    }

    private Loaded store(byte[] configBytes, List<Path> layerFiles, List<String> tags) throws IOException {
        Digest imageId = Digest.of(configBytes);
        ImageConfig config = ImageConfigJson.read(configBytes);
        if (config.diffIds().size() != layerFiles.size()) {
            throw EngineException.invalid("invalid archive: image " + imageId.shortId() + " lists "
                    + config.diffIds().size() + " layers in its config but " + layerFiles.size() + " in the manifest");
        }
        List<Digest> chainIds = config.chainIds();
        List<LayerRef> refs = new ArrayList<>();
        Digest parent = null;
        for (int i = 0; i < layerFiles.size(); i++) {
            Digest blob;
            try (InputStream in = Files.newInputStream(layerFiles.get(i))) {
                blob = content.write(in, null);
            }
            if (!layers.exists(chainIds.get(i))) {
                AppliedLayer applied;
                try (InputStream in = content.open(blob)) {
                    applied = layers.apply(parent, in);
                }
                if (!applied.diffId().equals(config.diffIds().get(i))) {
                    throw EngineException.invalid("invalid archive: layer " + (i + 1) + " of " + imageId.shortId()
                            + " unpacks to " + applied.diffId() + " but the config lists " + config.diffIds().get(i));
                }
            }
            refs.add(new LayerRef(config.diffIds().get(i), chainIds.get(i), blob, content.size(blob)));
            parent = chainIds.get(i);
        }
        content.write(configBytes, imageId);
        return new Loaded(imageId, config, refs, tags);
    }

    /** The archive's regular files on disk, and its symlinks (legacy archives link repeated layers). */
    private record Spool(Path root, Map<String, String> links) {
        Path file(String name) {
            String n = name;
            for (int hops = 0; hops < 8; hops++) {
                List<String> parts;
                try {
                    parts = SafePath.clean(n);
                } catch (RuntimeException e) {
                    return null;
                }
                String key = String.join("/", parts);
                String target = links.get(key);
                if (target == null) {
                    Path p = root.resolve(key);
                    return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? p : null;
                }
                int slash = key.lastIndexOf('/');
                n = target.startsWith("/") ? target : (slash < 0 ? "" : key.substring(0, slash + 1)) + target;
            }
            return null;
        }

        Path require(String name) {
            Path p = file(name);
            if (p == null) {
                throw EngineException.invalid("invalid archive: " + name + " is missing");
            }
            return p;
        }

        byte[] read(String name) throws IOException {
            return Files.readAllBytes(require(name));
        }
    }

    private static Spool spool(InputStream body, Path scratch) {
        Map<String, String> links = new HashMap<>();
        int entries = 0;
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(body);
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                entries++;
                List<String> parts = SafePath.clean(e.getName());
                if (parts.isEmpty()) {
                    continue;
                }
                String key = String.join("/", parts);
                if (e.isSymbolicLink()) {
                    links.put(key, e.getLinkName());
                } else if (e.isFile()) {
                    Path target = scratch.resolve(key);
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            // A tar's end-of-archive blocks may be followed by padding; drain what the client sent.
            body.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException | IllegalArgumentException e) {
            throw EngineException.invalid("invalid archive: not a tar file: " + e.getMessage());
        }
        if (entries == 0) {
            throw EngineException.invalid("invalid archive: not a tar file or empty");
        }
        return new Spool(scratch, links);
    }
}
