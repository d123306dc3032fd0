package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.daemon.BerthdProcess.Result;
import dev.berth.registry.DockerRegistryProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /images/json?manifests=1} (API 1.47; the docker CLI's {@code images --tree}, and from
 * docker 29 its plain {@code docker images}): each image's manifests as its registry digests name them.
 * A multi-platform index is made in Debian's docker-registry by hand (the image's own manifest, an
 * arm64 one and a BuildKit-style attestation) and pulled by the real docker CLI.
 */
class ImageManifestsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG = Duration.ofSeconds(120);
    private static final String BERTH = java.nio.file.Path.of("..", "bin", "berth").toAbsolutePath().normalize().toString();
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void manifestsOfAnIndexPull_ownPlatformAvailableWithItsContainers_othersAndAttestationNot() throws Exception {
        BerthdProcess.requireEnvironment();
        assertTrue(DockerRegistryProcess.available(), "needs /usr/bin/docker-registry (scripts/install-deps)");
        try (DockerRegistryProcess registry = DockerRegistryProcess.start(null); BerthdProcess d = BerthdProcess.start()) {
            String repo = registry.domain() + "/m/busybox";
            ok(d, d.dockerStdin(BerthdProcess.busyboxTar(), "import", "-", repo + ":v1"));
            String imageId = ok(d, d.docker("image", "inspect", "-f", "{{.Id}}", repo + ":v1")).out().strip();
            long imageSize = Long.parseLong(ok(d, d.docker("image", "inspect", "-f", "{{.Size}}", repo + ":v1")).out().strip());

            // never met a registry: no manifests, and the key is left out (Go's omitempty)
            assertThat(image(d, imageId).has("Manifests")).isFalse();

            Matcher pushed = Pattern.compile("v1: digest: (sha256:[0-9a-f]{64}) size: (\\d+)")
                    .matcher(ok(d, d.docker(LONG, null, "push", repo + ":v1")).out());
            assertThat(pushed.find()).isTrue();
            String own = pushed.group(1);
            long ownSize = Long.parseLong(pushed.group(2));
            JsonNode ownManifest = JSON.readTree(get(registry, "/v2/m/busybox/manifests/" + own));
            long ownContent = ownSize + ownManifest.path("config").path("size").asLong()
                    + ownManifest.path("layers").get(0).path("size").asLong();

            JsonNode pushedOnly = image(d, imageId).path("Manifests");
            assertThat(pushedOnly).hasSize(1);
            assertThat(pushedOnly.get(0).path("ID").asText()).isEqualTo(own);
            assertThat(pushedOnly.get(0).path("Available").asBoolean()).isTrue();
            assertThat(pushedOnly.get(0).path("Size").path("Content").asLong()).isEqualTo(ownContent);

            // the same layers as an arm64/v8 image, and an attestation of the first: an index over the three
            ObjectNode armConfig = (ObjectNode) JSON.readTree(get(registry,
                    "/v2/m/busybox/blobs/" + ownManifest.path("config").path("digest").asText()));
            armConfig.put("architecture", "arm64").put("variant", "v8");
            byte[] armConfigBytes = JSON.writeValueAsBytes(armConfig);
            String armConfigDigest = putBlob(registry, armConfigBytes);
            ObjectNode armManifest = ownManifest.deepCopy();
            ((ObjectNode) armManifest.path("config")).put("digest", armConfigDigest).put("size", armConfigBytes.length);
            String arm = putManifest(registry, armManifest.path("mediaType").asText(), JSON.writeValueAsBytes(armManifest));
            byte[] statement = "{\"_type\":\"https://in-toto.io/Statement/v0.1\"}".getBytes(StandardCharsets.UTF_8);
            byte[] emptyConfig = "{\"architecture\":\"unknown\",\"os\":\"unknown\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                    .getBytes(StandardCharsets.UTF_8);
            String attestation = putManifest(registry, OCI_MANIFEST, JSON.writeValueAsBytes(JSON.createObjectNode()
                    .put("schemaVersion", 2).put("mediaType", OCI_MANIFEST)
                    .<ObjectNode>set("config", descriptor("application/vnd.oci.image.config.v1+json",
                            putBlob(registry, emptyConfig), emptyConfig.length))
                    .set("layers", JSON.createArrayNode().add(descriptor("application/vnd.in-toto+json",
                            putBlob(registry, statement), statement.length)))));
            ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OCI_INDEX);
            index.putArray("manifests")
                    .add(descriptor(ownManifest.path("mediaType").asText(), own, ownSize)
                            .set("platform", JSON.createObjectNode().put("architecture", "amd64").put("os", "linux")))
                    .add(descriptor(armManifest.path("mediaType").asText(), arm, JSON.writeValueAsBytes(armManifest).length)
                            .set("platform", JSON.createObjectNode().put("architecture", "arm64").put("os", "linux").put("variant", "v8")))
                    .add(descriptor(OCI_MANIFEST, attestation, get(registry, "/v2/m/busybox/manifests/" + attestation).length)
                            .<ObjectNode>set("platform", JSON.createObjectNode().put("architecture", "unknown").put("os", "unknown"))
                            .set("annotations", JSON.createObjectNode().put("vnd.docker.reference.type", "attestation-manifest")
                                    .put("vnd.docker.reference.digest", own)));
            String indexDigest = putManifest(registry, OCI_INDEX, JSON.writeValueAsBytes(index), "multi");

            // a fresh daemon pulls only the index: the image is known by the index alone, its own entry held
            try (BerthdProcess fresh = BerthdProcess.start()) {
                Result pull = ok(fresh, fresh.docker(LONG, null, "pull", "--platform", "linux/amd64", repo + ":multi"));
                assertThat(pull.out()).contains("Digest: " + indexDigest);
                String cid = ok(fresh, fresh.docker("create", repo + ":multi", "true")).out().strip();
                // an unused image goes, and with it what only it held: our image's blobs stay
                ok(fresh, fresh.docker("image", "prune", "-a", "-f"));

                JsonNode listed = image(fresh, imageId);
                assertThat(listed.path("RepoDigests")).extracting(JsonNode::asText).containsExactly(repo + "@" + indexDigest);
                JsonNode manifests = listed.path("Manifests");
                assertThat(manifests).extracting(m -> m.path("ID").asText()).containsExactly(own, arm, attestation);

                // inspect with manifests=1 gives the same list (and refuses it beside platform, as dockerd)
                Result inspected = BerthdProcess.run(Duration.ofSeconds(30), "curl", "-s", "--unix-socket",
                        fresh.socket().toString(), "http://d/v1.50/images/" + imageId + "/json?manifests=1");
                assertThat(JSON.readTree(inspected.out()).path("Manifests")).isEqualTo(manifests);
                Result both = BerthdProcess.run(Duration.ofSeconds(30), "curl", "-s", "--unix-socket",
                        fresh.socket().toString(), "http://d/v1.50/images/" + imageId
                                + "/json?manifests=1&platform=%7B%22os%22%3A%22linux%22%2C%22architecture%22%3A%22amd64%22%7D");
                assertThat(both.out()).contains("conflicting options: manifests and platform options cannot both be set");

                JsonNode mine = manifests.get(0);
                assertThat(mine.path("Kind").asText()).isEqualTo("image");
                assertThat(mine.path("Available").asBoolean()).as("held after the prune's collection").isTrue();
                assertThat(mine.path("Descriptor").path("digest").asText()).isEqualTo(own);
                assertThat(mine.path("Descriptor").path("size").asLong()).isEqualTo(ownSize);
                assertThat(mine.path("ImageData").path("Platform").toString())
                        .isEqualTo("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
                assertThat(mine.path("ImageData").path("Containers")).extracting(JsonNode::asText).containsExactly(cid);
                assertThat(mine.path("ImageData").path("Size").path("Unpacked").asLong()).isEqualTo(imageSize);
                assertThat(mine.path("Size").path("Content").asLong()).isEqualTo(ownContent);
                assertThat(mine.path("Size").path("Total").asLong()).isEqualTo(ownContent + imageSize);

                JsonNode other = manifests.get(1);
                assertThat(other.path("Kind").asText()).isEqualTo("image");
                assertThat(other.path("Available").asBoolean()).isFalse();
                assertThat(other.path("ImageData").path("Platform").toString())
                        .isEqualTo("{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}");
                assertThat(other.path("ImageData").path("Containers")).isEmpty();
                assertThat(other.path("Size").path("Total").asLong()).isZero();

                JsonNode attests = manifests.get(2);
                assertThat(attests.path("Kind").asText()).isEqualTo("attestation");
                assertThat(attests.path("AttestationData").path("For").asText()).isEqualTo(own);
                assertThat(attests.has("ImageData")).isFalse();
                assertThat(attests.path("Descriptor").path("annotations").path("vnd.docker.reference.type").asText())
                        .isEqualTo("attestation-manifest");

                // the docker CLI's tree: the image, its platforms beneath, the one in use marked; berth's the same
                ok(fresh, fresh.dockerStdin(BerthdProcess.busyboxTar(), "import", "-", "plain:1"));
                for (String[] args : new String[][] {{"images", "--tree"}, {"images", "--tree", "-a"}}) {
                    Result tree = ok(fresh, fresh.docker(args));
                    // the name column is 29 wide at docker's 80 columns: the registry's name is cut
                    assertThat(tree.out()).contains(registry.domain() + "/m/busybox:mu…").contains("plain:1")
                            .contains("├─ linux/amd64").contains("└─ linux/arm64/v8").contains("   U    \n");
                    List<String> berthArgs = new ArrayList<>(List.of(BERTH, "-H", fresh.host()));
                    berthArgs.addAll(List.of(args));
                    Result berth = BerthdProcess.run(Duration.ofSeconds(30), berthArgs.toArray(String[]::new));
                    assertThat(berth.exitCode()).as(berth.toString()).isZero();
                    assertThat(berth.out()).isEqualTo(tree.out());
                }
                ok(fresh, fresh.docker("rm", cid));
            }
        }
    }

    private static ObjectNode descriptor(String mediaType, String digest, long size) {
        return JSON.createObjectNode().put("mediaType", mediaType).put("digest", digest).put("size", size);
    }

    /** The image's entry in {@code GET /images/json?manifests=1}. */
    private static JsonNode image(BerthdProcess d, String id) throws Exception {
        Result r = BerthdProcess.run(Duration.ofSeconds(30), "curl", "-s", "--unix-socket", d.socket().toString(),
                "http://d/v1.50/images/json?manifests=1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        for (JsonNode img : JSON.readTree(r.out())) {
            if (img.path("Id").asText().equals(id)) {
                return img;
            }
        }
        throw new AssertionError(id + " not listed: " + r.out());
    }

    private static Result ok(BerthdProcess d, Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    private byte[] get(DockerRegistryProcess registry, String path) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://" + registry.domain() + path))
                .header("Accept", OCI_MANIFEST + ", application/vnd.docker.distribution.manifest.v2+json, " + OCI_INDEX)
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    /** A monolithic upload: POST for a session, PUT the bytes with their digest. */
    private String putBlob(DockerRegistryProcess registry, byte[] bytes) throws Exception {
        String digest = sha256(bytes);
        HttpResponse<String> start = http.send(HttpRequest.newBuilder(URI.create("http://" + registry.domain()
                + "/v2/m/busybox/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).isEqualTo(202);
        String location = start.headers().firstValue("Location").orElseThrow();
        URI put = URI.create("http://" + registry.domain()).resolve(location);
        put = URI.create(put + (put.getQuery() == null ? "?" : "&") + "digest=" + digest);
        HttpResponse<String> done = http.send(HttpRequest.newBuilder(put)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
        return digest;
    }

    private String putManifest(DockerRegistryProcess registry, String mediaType, byte[] bytes) throws Exception {
        return putManifest(registry, mediaType, bytes, sha256(bytes));
    }

    private String putManifest(DockerRegistryProcess registry, String mediaType, byte[] bytes, String reference)
            throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + registry.domain()
                + "/v2/m/busybox/manifests/" + reference)).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return sha256(bytes);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
