package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.ContentStore;
import dev.berth.image.Digest;
import dev.berth.image.ImportResult;
import dev.berth.image.Importer;
import dev.berth.image.LayerRef;
import dev.berth.image.LayerStore;
import dev.berth.image.Reference;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push and pull against a real distribution registry (Debian's docker-registry) on loopback. */
class RegistryIT {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    static DockerRegistryProcess registry;
    static RegistryClient client;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(DockerRegistryProcess.available(), "needs /usr/bin/docker-registry (scripts/install-deps)");
        assertTrue(Files.isRegularFile(BUSYBOX), "needs busybox-static (scripts/install-deps)");
        registry = DockerRegistryProcess.start(null);
        client = new RegistryClient(RegistryConfig.defaults());
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
    }

    record Local(ContentStore content, LayerStore layers) {
        static Local at(Path root) {
            return new Local(new ContentStore(root), new LayerStore(root));
        }
    }

    record Event(String id, String status, long current, long total) {}

    static final class Recorder implements ProgressListener {
        final List<Event> events = new CopyOnWriteArrayList<>();

        @Override
        public void progress(String id, String status, long current, long total) {
            events.add(new Event(id, status, current, total));
        }

        List<String> statuses() {
            return events.stream().map(Event::status).toList();
        }
    }

    /** A gzipped busybox rootfs with an {@code /etc/arch} marker. */
    static byte[] rootfs(String arch) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String d : List.of("bin/", "etc/")) {
                TarArchiveEntry e = new TarArchiveEntry(d);
                e.setMode(040755);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry bb = new TarArchiveEntry("bin/busybox");
            bb.setMode(0100755);
            bb.setSize(Files.size(BUSYBOX));
            tar.putArchiveEntry(bb);
            Files.copy(BUSYBOX, tar);
            tar.closeArchiveEntry();
            TarArchiveEntry sh = new TarArchiveEntry("bin/sh", TarArchiveEntry.LF_SYMLINK);
            sh.setLinkName("busybox");
            tar.putArchiveEntry(sh);
            tar.closeArchiveEntry();
            byte[] marker = (arch + "\n").getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry m = new TarArchiveEntry("etc/arch");
            m.setMode(0100644);
            m.setSize(marker.length);
            tar.putArchiveEntry(m);
            tar.write(marker);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    static ImportResult importImage(Local local, String arch) throws IOException {
        return new Importer(local.content(), local.layers())
                .importRootfs(new ByteArrayInputStream(rootfs(arch)), List.of("CMD [\"/bin/sh\"]"), null, arch, "linux");
    }

    static ImagePush.PushResult push(Local local, ImportResult image, Reference target, Reference mountFrom,
                                     RegistryAuth auth, ProgressListener listener) {
        return push(client, local, image, target, mountFrom, auth, listener);
    }

    static ImagePush.PushResult push(RegistryClient client, Local local, ImportResult image, Reference target,
                                     Reference mountFrom, RegistryAuth auth, ProgressListener listener) {
        List<ImagePush.Layer> layers = image.layers().stream()
                .map(l -> new ImagePush.Layer(l.blobDigest(), l.size(), null, l.diffId())).toList();
        return new ImagePush(client, local.content()).push(target, local.content().read(image.imageId()), layers,
                mountFrom, auth, 0, listener);
    }

    static PullResult pull(Local local, Reference ref, Platform platform, ProgressListener listener) {
        return new ImagePull(client, local.content(), local.layers()).pull(ref, platform, null, 3, listener);
    }

    @Test
    void pushThenPull_byTagAndDigest_givesTheSameImage() throws Exception {
        Local a = Local.at(tmp.resolve("a"));
        ImportResult image = importImage(a, "amd64");
        Reference target = Reference.parse(registry.domain() + "/berth/busybox:v1");

        Recorder pushed = new Recorder();
        ImagePush.PushResult pr = push(a, image, target, null, null, pushed);
        assertThat(pr.tag()).isEqualTo("v1");
        assertThat(pr.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(pushed.statuses()).contains("Preparing", "Pushing", "Pushed");
        assertThat(pushed.events.get(0).status()).isEqualTo("The push refers to repository [" + target.name() + "]");

        Local b = Local.at(tmp.resolve("b"));
        Recorder pulled = new Recorder();
        PullResult r = pull(b, target, null, pulled);
        assertThat(r.imageId()).isEqualTo(image.imageId());
        assertThat(r.manifestDigest()).isEqualTo(pr.digest());
        assertThat(r.repoDigest()).isEqualTo(registry.domain() + "/berth/busybox@" + pr.digest());
        assertThat(r.layers()).extracting(LayerRef::diffId).containsExactlyElementsOf(image.config().diffIds());
        assertThat(r.layers()).extracting(LayerRef::blobDigest)
                .containsExactlyElementsOf(image.layers().stream().map(LayerRef::blobDigest).toList());
        assertThat(r.config().architecture()).isEqualTo("amd64");
        assertThat(b.content().read(r.imageId())).isEqualTo(a.content().read(image.imageId()));
        assertThat(b.content().exists(pr.digest())).isTrue();
        Path dir = b.layers().dir(r.layers().get(0).chainId());
        assertThat(Files.isRegularFile(dir.resolve("bin/busybox"))).isTrue();
        assertThat(Files.readString(dir.resolve("etc/arch"))).isEqualTo("amd64\n");
        String id = image.layers().get(0).blobDigest().shortId();
        assertThat(pulled.events).filteredOn(e -> id.equals(e.id())).extracting(Event::status)
                .contains("Pulling fs layer", "Downloading", "Verifying Checksum", "Download complete", "Extracting",
                        "Pull complete");
        assertThat(pulled.statuses()).contains("Digest: " + pr.digest());

        // second pull into the same root: nothing to fetch
        Recorder again = new Recorder();
        pull(b, target, null, again);
        assertThat(again.events).filteredOn(e -> id.equals(e.id())).extracting(Event::status)
                .containsExactly("Already exists");

        // by digest into a fresh root
        Local c = Local.at(tmp.resolve("c"));
        Reference byDigest = Reference.parse(registry.domain() + "/berth/busybox@" + pr.digest());
        PullResult rd = pull(c, byDigest, null, null);
        assertThat(rd.imageId()).isEqualTo(image.imageId());
        assertThat(rd.manifestDigest()).isEqualTo(pr.digest());
        assertThat(Files.list(tmp.resolve("c").resolve("content").resolve("tmp"))).isEmpty();

        // pushing again: every blob is there already
        Recorder second = new Recorder();
        ImagePush.PushResult again2 = push(a, image, target, null, null, second);
        assertThat(again2.digest()).isEqualTo(pr.digest());
        assertThat(second.statuses()).contains("Layer already exists").doesNotContain("Pushed");

        // another repository of the same registry: mounted, not uploaded
        Recorder mounted = new Recorder();
        push(a, image, Reference.parse(registry.domain() + "/other/busybox:v1"), target, null, mounted);
        assertThat(mounted.statuses()).contains("Mounted from " + target.path());

        assertThat(new TagLister(client).list(target, null)).contains("v1");
    }

    @Test
    void pull_unknownTag_isNotFoundManifestUnknown() throws Exception {
        Local a = Local.at(tmp.resolve("a"));
        push(a, importImage(a, "amd64"), Reference.parse(registry.domain() + "/berth/known:v1"), null, null, null);
        Reference missing = Reference.parse(registry.domain() + "/berth/known:nope");
        assertThatThrownBy(() -> pull(Local.at(tmp.resolve("b")), missing, null, null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("manifest for " + missing.familiar() + " not found: manifest unknown: manifest unknown");
        Reference noRepo = Reference.parse(registry.domain() + "/berth/never-pushed:v1");
        assertThatThrownBy(() -> pull(Local.at(tmp.resolve("c")), noRepo, null, null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void pull_multiArchIndex_picksThePlatform() throws Exception {
        Local a = Local.at(tmp.resolve("a"));
        ImportResult amd = importImage(a, "amd64");
        ImportResult arm = importImage(a, "arm64");
        Reference repo = Reference.parse(registry.domain() + "/berth/multi");
        ImagePush.PushResult pa = push(a, amd, repo.withTag("amd64"), null, null, null);
        ImagePush.PushResult pb = push(a, arm, repo.withTag("arm64"), null, null, null);
        ManifestIndex index = new ManifestIndex(MediaTypes.OCI_INDEX, List.of(
                new Descriptor(pa.mediaType(), pa.digest(), pa.size(), new Platform("linux", "amd64", null), List.of()),
                new Descriptor(pb.mediaType(), pb.digest(), pb.size(), new Platform("linux", "arm64", "v8"), List.of())));
        byte[] indexBytes = ManifestJson.write(index);
        Digest indexDigest = new ManifestPusher(client).push(repo, "latest", indexBytes, MediaTypes.OCI_INDEX, null);

        PullResult r = pull(Local.at(tmp.resolve("arm")), repo.withTag("latest"), Platform.parse("linux/arm64"), null);
        assertThat(r.config().architecture()).isEqualTo("arm64");
        assertThat(r.imageId()).isEqualTo(arm.imageId());
        assertThat(r.manifestDigest()).isEqualTo(indexDigest);
        assertThat(r.platformManifestDigest()).isEqualTo(pb.digest());

        PullResult host = pull(Local.at(tmp.resolve("amd")), repo.withTag("latest"), null, null);
        assertThat(host.imageId()).isEqualTo(amd.imageId());

        assertThatThrownBy(() -> pull(Local.at(tmp.resolve("s390x")), repo.withTag("latest"),
                Platform.parse("linux/s390x"), null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("no matching manifest for linux/s390x in the manifest list entries");
        // a single-platform image of another platform, when one is asked for
        assertThatThrownBy(() -> pull(Local.at(tmp.resolve("x")), repo.withTag("amd64"), Platform.parse("linux/arm64"), null))
                .isInstanceOf(EngineException.class).hasMessageContaining("does not match the specified platform");
    }
}
