package dev.berth.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code docker save}: the archive Docker 25+ writes, an OCI image layout ({@code oci-layout},
 * {@code index.json}, {@code blobs/sha256/…}) plus the docker-archive {@code manifest.json} and
 * {@code repositories}, so both {@code docker load} (old and new) and OCI tools read it. Layers go
 * in uncompressed, named by their diff id, as Docker writes them; configs byte for byte as stored
 * (the image id is their digest).
 */
public final class ImageArchive {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ContentStore content;
    private final Path scratch;

    /** One image to save: its id, the familiar tags asked for (maybe none), its layers base first. */
    public record Entry(Digest imageId, List<String> repoTags, List<LayerRef> layers) {
        public Entry {
            Objects.requireNonNull(imageId, "imageId");
            repoTags = List.copyOf(repoTags);
            layers = List.copyOf(layers);
        }
    }

    /** @param scratch where compressed layers are unpacked for a moment (their tar size must be known first) */
    public ImageArchive(ContentStore content, Path scratch) {
        this.content = content;
        this.scratch = scratch;
    }

    /** Streams the archive of {@code images} to {@code out} (not closed). */
    public void write(List<Entry> images, OutputStream out) {
        try {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(new java.io.FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            });
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            Set<String> written = new HashSet<>();
            dir(tar, "blobs/");
            dir(tar, "blobs/sha256/");
            ArrayNode manifestJson = MAPPER.createArrayNode();
            ArrayNode indexManifests = MAPPER.createArrayNode();
            Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
            for (Entry img : images) {
                byte[] config = content.read(img.imageId());
                blob(tar, img.imageId(), config, written);
                ObjectNode manifest = MAPPER.createObjectNode();
                manifest.put("schemaVersion", 2);
                manifest.put("mediaType", OCI_MANIFEST);
                ObjectNode cfg = manifest.putObject("config");
                cfg.put("mediaType", OCI_CONFIG);
                cfg.put("digest", img.imageId().toString());
                cfg.put("size", config.length);
                ArrayNode layerDescs = manifest.putArray("layers");
                ArrayNode layerPaths = MAPPER.createArrayNode();
                for (LayerRef l : img.layers()) {
                    long size = layer(tar, l, written);
                    ObjectNode d = layerDescs.addObject();
                    d.put("mediaType", OCI_LAYER);
                    d.put("digest", l.diffId().toString());
                    d.put("size", size);
                    layerPaths.add("blobs/sha256/" + l.diffId().hex());
                }
                byte[] manifestBytes = MAPPER.writeValueAsBytes(manifest);
                Digest manifestDigest = Digest.of(manifestBytes);
                blob(tar, manifestDigest, manifestBytes, written);

                ObjectNode m = manifestJson.addObject();
                m.put("Config", "blobs/sha256/" + img.imageId().hex());
                ArrayNode tags = m.putArray("RepoTags");
                img.repoTags().forEach(tags::add);
                m.set("Layers", layerPaths);

                List<String> names = img.repoTags().isEmpty() ? java.util.Collections.singletonList(null) : img.repoTags();
                for (String tag : names) {
                    ObjectNode d = indexManifests.addObject();
                    d.put("mediaType", OCI_MANIFEST);
                    d.put("digest", manifestDigest.toString());
                    d.put("size", manifestBytes.length);
                    if (tag != null) {
                        Reference r = Reference.parse(tag);
                        ObjectNode ann = d.putObject("annotations");
                        ann.put("io.containerd.image.name", r.canonical());
                        ann.put("org.opencontainers.image.ref.name", r.tag());
                        if (!img.layers().isEmpty()) {
                            repositories.computeIfAbsent(r.familiarName(), k -> new LinkedHashMap<>())
                                    .put(r.tag(), img.layers().get(img.layers().size() - 1).diffId().hex());
                        }
                    }
                }
            }
            ObjectNode index = MAPPER.createObjectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", OCI_INDEX);
            index.set("manifests", indexManifests);
            file(tar, "index.json", MAPPER.writeValueAsBytes(index));
            file(tar, "manifest.json", MAPPER.writeValueAsBytes(manifestJson));
            file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            if (!repositories.isEmpty()) {
                file(tar, "repositories", MAPPER.writeValueAsBytes(repositories));
            }
            tar.finish();
            tar.flush();
        } catch (IOException e) {
            throw EngineException.unavailable("cannot write the image archive: " + e.getMessage(), e);
        }
    }

    /** The layer as an uncompressed tar named by its diff id; returns its size. */
    private long layer(TarArchiveOutputStream tar, LayerRef l, Set<String> written) throws IOException {
        if (l.blobDigest().equals(l.diffId())) {
            long size = content.size(l.blobDigest());
            if (written.add(l.diffId().hex())) {
                try (InputStream in = content.open(l.blobDigest())) {
                    stream(tar, "blobs/sha256/" + l.diffId().hex(), size, in);
                }
            }
            return size;
        }
        Files.createDirectories(scratch);
        Path tmp = Files.createTempFile(scratch, "layer-", ".tar");
        try {
            try (InputStream in = Decompression.open(content.open(l.blobDigest()))) {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            long size = Files.size(tmp);
            if (written.add(l.diffId().hex())) {
                try (InputStream in = Files.newInputStream(tmp)) {
                    stream(tar, "blobs/sha256/" + l.diffId().hex(), size, in);
                }
            }
            return size;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void blob(TarArchiveOutputStream tar, Digest d, byte[] bytes, Set<String> written) throws IOException {
        if (written.add(d.hex())) {
            file(tar, "blobs/sha256/" + d.hex(), bytes);
        }
    }

    private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setMode(040755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        stream(tar, name, bytes.length, new java.io.ByteArrayInputStream(bytes));
    }

    private static void stream(TarArchiveOutputStream tar, String name, long size, InputStream in) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setMode(0100644);
        e.setSize(size);
        tar.putArchiveEntry(e);
        in.transferTo(tar);
        tar.closeArchiveEntry();
    }
}
