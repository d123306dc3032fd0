package dev.berth.daemon;

import dev.berth.registry.DockerRegistryProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Images and registries end to end: the real docker CLI against berthd and Debian's
 * docker-registry on loopback (plain, and with htpasswd for login).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryFlowIT {
    private static final Duration LONG = Duration.ofSeconds(120);
    static BerthdProcess daemon;
    static DockerRegistryProcess registry;
    static String busybox;

    @BeforeAll
    static void start() throws Exception {
        BerthdProcess.requireEnvironment();
        assertTrue(DockerRegistryProcess.available(), "needs /usr/bin/docker-registry (scripts/install-deps)");
        registry = DockerRegistryProcess.start(null);
        daemon = BerthdProcess.start();
        busybox = registry.domain() + "/x/busybox:v1";
        BerthdProcess.Result imported = daemon.dockerStdin(BerthdProcess.busyboxTar(), "import", "-c",
                "CMD [\"sh\"]", "-", busybox);
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
    }

    @AfterAll
    static void stop() throws IOException {
        if (daemon != null) {
            daemon.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static BerthdProcess.Result ok(String... args) {
        BerthdProcess.Result r = daemon.docker(LONG, null, args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    @Test
    @Order(1)
    void push_tag_showsProgressAndDigest() {
        BerthdProcess.Result r = ok("push", busybox);
        assertThat(r.out()).contains("The push refers to repository [" + registry.domain() + "/x/busybox]")
                .contains("Pushed").containsPattern("v1: digest: sha256:[0-9a-f]{64} size: \\d+");
        BerthdProcess.Result again = ok("push", busybox);
        assertThat(again.out()).contains("Layer already exists");
    }

    @Test
    @Order(2)
    void pull_byTagThenByDigest_downloadsThenIsUpToDate() {
        ok("rmi", busybox);
        BerthdProcess.Result r = ok("pull", busybox);
        assertThat(r.out()).contains("v1: Pulling from x/busybox").containsPattern("Digest: sha256:[0-9a-f]{64}")
                .contains("Status: Downloaded newer image for " + busybox);
        BerthdProcess.Result again = ok("pull", busybox);
        assertThat(again.out()).contains("Status: Image is up to date for " + busybox);

        String digests = ok("image", "inspect", "-f", "{{json .RepoDigests}}", busybox).out().strip();
        assertThat(digests).contains(registry.domain() + "/x/busybox@sha256:");
        String repoDigest = digests.replaceAll(".*\"(" + java.util.regex.Pattern.quote(registry.domain())
                + "/x/busybox@sha256:[0-9a-f]{64})\".*", "$1");
        BerthdProcess.Result byDigest = ok("pull", repoDigest);
        assertThat(byDigest.out()).containsPattern("Digest: sha256:[0-9a-f]{64}");
        String inspect = ok("image", "inspect", "-f", "{{.Os}}/{{.Architecture}} {{len .RootFS.Layers}}", busybox)
                .out().strip();
        assertThat(inspect).startsWith("linux/").endsWith(" 1");
        assertThat(ok("run", "--rm", busybox, "echo", "hi").out()).isEqualTo("hi\n");
    }

    @Test
    @Order(2)
    void rmiTag_thenPullByDigest_runsByDigest() {
        ok("pull", busybox);
        String repoDigest = registry.domain() + "/x/busybox@" + ok("image", "inspect", "-f",
                "{{range .RepoDigests}}{{.}} {{end}}", busybox).out().replaceAll("(?s).*/x/busybox@(sha256:[0-9a-f]{64}).*",
                "$1").strip();
        assertThat(repoDigest).matches(".*@sha256:[0-9a-f]{64}");
        String keep = "keep/busybox:digest-test";
        ok("tag", busybox, keep); // the image stays present: rmi of the tag only untags it
        try {
            assertThat(ok("rmi", busybox).out()).contains("Untagged: " + busybox).doesNotContain("Deleted");
            ok("pull", repoDigest);
            assertThat(ok("run", "--rm", repoDigest, "echo", "by-digest").out()).isEqualTo("by-digest\n");
            assertThat(ok("image", "inspect", "-f", "{{.Id}}", repoDigest).out())
                    .isEqualTo(ok("image", "inspect", "-f", "{{.Id}}", keep).out());
        } finally {
            ok("tag", keep, busybox);
            ok("rmi", keep);
        }
    }

    @Test
    @Order(3)
    void run_missingImage_pullsItFirst() {
        ok("rmi", "-f", busybox);
        BerthdProcess.Result r = ok("run", "--rm", busybox, "echo", "pulled");
        assertThat(r.err()).contains("Unable to find image '" + busybox + "' locally");
        assertThat(r.out()).endsWith("pulled\n");
    }

    @Test
    @Order(4)
    void tagAndPush_toAnotherRepository_reusesTheLayer() {
        String app = registry.domain() + "/x/app:v1";
        ok("tag", busybox, app);
        BerthdProcess.Result r = ok("push", app);
        assertThat(r.out()).containsAnyOf("Mounted from x/busybox", "Layer already exists")
                .containsPattern("v1: digest: sha256:[0-9a-f]{64}");
    }

    @Test
    @Order(5)
    void pull_badInput_isRefusedInDockersWords() throws IOException {
        BerthdProcess.Result unknown = daemon.docker(LONG, null, "pull", registry.domain() + "/x/busybox:nope");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("manifest unknown");
        String bad = daemon.http("POST", "/v1.50/images/create?fromImage=Bad%20Name&tag=x", null, null,
                Duration.ofSeconds(20));
        assertThat(bad).startsWith("HTTP/1.1 400");
        String notTar = daemon.http("POST", "/v1.50/images/load", "application/x-tar", "this is not a tar file",
                Duration.ofSeconds(20));
        assertThat(notTar).startsWith("HTTP/1.1 400");
    }

    @Test
    @Order(6)
    void login_goodAndBadCredentials() throws Exception {
        Path htpasswd = Path.of("/usr/bin/htpasswd");
        assertTrue(Files.isExecutable(htpasswd), "needs htpasswd (apache2-utils, scripts/install-deps)");
        Process p = new ProcessBuilder(htpasswd.toString(), "-nbB", "alice", "s3cret").start();
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).isZero();
        try (DockerRegistryProcess auth = DockerRegistryProcess.start(line)) {
            Path good = Files.createTempFile("pw", ".txt");
            Path bad = Files.createTempFile("pw", ".txt");
            try {
                Files.writeString(good, "s3cret\n");
                Files.writeString(bad, "wrong\n");
                BerthdProcess.Result ok = daemon.docker(LONG, good, "login", auth.domain(), "-u", "alice",
                        "--password-stdin");
                assertThat(ok.exitCode()).as(ok.toString()).isZero();
                assertThat(ok.out()).contains("Login Succeeded");
                BerthdProcess.Result no = daemon.docker(LONG, bad, "login", auth.domain(), "-u", "alice",
                        "--password-stdin");
                assertThat(no.exitCode()).isNotZero();
                assertThat(no.err()).contains("unauthorized");
            } finally {
                Files.deleteIfExists(good);
                Files.deleteIfExists(bad);
                daemon.docker("logout", auth.domain());
            }
        }
    }

    @Test
    @Order(7)
    void saveThenLoad_roundTrips_andLoadsAnotherDaemonsSave() throws Exception {
        Path dir = Files.createTempDirectory("berth-save-");
        try {
            Path tar = dir.resolve("busybox.tar");
            ok("save", "-o", tar.toString(), busybox);
            String id = ok("image", "inspect", "-f", "{{.Id}}", busybox).out().strip();
            ok("rmi", "-f", busybox);
            BerthdProcess.Result loaded = ok("load", "-i", tar.toString());
            assertThat(loaded.out()).contains("Loaded image: " + busybox);
            assertThat(ok("image", "inspect", "-f", "{{.Id}}", busybox).out().strip()).isEqualTo(id);
            assertThat(ok("run", "--rm", busybox, "echo", "loaded").out()).isEqualTo("loaded\n");

            Path other = dir.resolve("other.tar");
            try (BerthdProcess second = BerthdProcess.start()) {
                BerthdProcess.Result imp = second.dockerStdin(BerthdProcess.busyboxTar(), "import", "-", "other/box:1");
                assertThat(imp.exitCode()).as(imp.toString()).isZero();
                BerthdProcess.Result saved = second.docker(LONG, null, "save", "-o", other.toString(), "other/box:1");
                assertThat(saved.exitCode()).as(saved.toString()).isZero();
            }
            assertThat(ok("load", "-i", other.toString()).out()).contains("Loaded image: other/box:1");
            assertThat(ok("run", "--rm", "other/box:1", "echo", "other").out()).isEqualTo("other\n");
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(8)
    void commit_containerChanges_includingDeletions_andHistory() {
        ok("run", "--name", "committer", busybox, "sh", "-c", "echo new > /newfile; rm /etc/group; mkdir -p /d/e");
        BerthdProcess.Result c = ok("commit", "-m", "my change", "-a", "me", "-c", "ENV FOO=bar", "committer",
                "committed:v1");
        assertThat(c.out().strip()).matches("sha256:[0-9a-f]{64}");
        BerthdProcess.Result run = daemon.docker(LONG, null, "run", "--rm", "committed:v1", "sh", "-c",
                "cat /newfile; test -e /etc/group && echo group-exists || echo group-gone; echo $FOO; test -d /d/e && echo dir");
        assertThat(run.out()).isEqualTo("new\ngroup-gone\nbar\ndir\n");
        BerthdProcess.Result history = ok("history", "committed:v1");
        assertThat(history.out()).contains("my change").contains("IMAGE");
        assertThat(history.out().lines().count()).isEqualTo(3); // header, commit, import
        assertThat(ok("image", "inspect", "-f", "{{.Author}} {{len .RootFS.Layers}}", "committed:v1").out().strip())
                .isEqualTo("me 2");
        ok("rm", "committer");
    }

    @Test
    @Order(9)
    void prune_removesDanglingImages_andDfShowsImages() {
        ok("run", "--name", "dangler", busybox, "touch", "/x");
        String id = ok("commit", "dangler").out().strip();
        ok("rm", "dangler");
        BerthdProcess.Result prune = ok("image", "prune", "-f");
        assertThat(prune.out()).contains("deleted: " + id).contains("Total reclaimed space");
        assertThat(daemon.docker("image", "inspect", id).exitCode()).isNotZero();
        BerthdProcess.Result df = ok("system", "df");
        assertThat(df.out()).contains("TYPE").contains("Images");
    }

    @Test
    @Order(9)
    void berthCli_pullPushHistorySaveLoadPruneDf() throws IOException {
        Path berth = Path.of(System.getProperty("user.dir")).resolveSibling("bin").resolve("berth");
        assertTrue(Files.isExecutable(berth), "bin/berth is missing");
        java.util.function.Function<String[], BerthdProcess.Result> run = args -> {
            List<String> cmd = new java.util.ArrayList<>(List.of(berth.toString(), "-H", daemon.host()));
            cmd.addAll(List.of(args));
            BerthdProcess.Result r = BerthdProcess.run(LONG, cmd.toArray(String[]::new));
            assertThat(r.exitCode()).as(cmd + "\n" + r).isZero();
            return r;
        };
        String app2 = registry.domain() + "/x/berth:v2";
        run.apply(new String[] {"tag", busybox, app2});
        assertThat(run.apply(new String[] {"push", app2}).out()).contains("v2: digest: sha256:");
        run.apply(new String[] {"rmi", app2});
        BerthdProcess.Result pull = run.apply(new String[] {"pull", app2});
        assertThat(pull.out()).contains("Status: ").endsWith(app2 + "\n");
        assertThat(run.apply(new String[] {"history", app2}).out()).startsWith("IMAGE").contains("CREATED BY");
        Path dir = Files.createTempDirectory("berth-cli-save-");
        try {
            Path tar = dir.resolve("a.tar");
            run.apply(new String[] {"save", "-o", tar.toString(), app2});
            run.apply(new String[] {"rmi", app2});
            assertThat(run.apply(new String[] {"load", "-i", tar.toString()}).out()).contains("Loaded image: " + app2);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        assertThat(run.apply(new String[] {"image", "prune", "-f"}).out()).contains("Total reclaimed space");
        assertThat(run.apply(new String[] {"system", "df"}).out()).startsWith("TYPE").contains("Images");
        run.apply(new String[] {"rmi", app2});
    }

    @Test
    @Order(10)
    void rmi_lastUser_collectsBlobsAndLayerDirs() throws IOException {
        for (String img : List.of("committed:v1", busybox, registry.domain() + "/x/app:v1", "other/box:1")) {
            daemon.docker("rmi", "-f", img);
        }
        assertThat(ok("images", "-q").out().strip()).isEmpty();
        assertThat(list(daemon.dataRoot().resolve("layers"))).isEmpty();
        assertThat(list(daemon.dataRoot().resolve("content").resolve("sha256"))).isEmpty();
    }

    private static Set<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            Set<String> out = new HashSet<>();
            s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).forEach(out::add);
            return out;
        }
    }
}
