package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import dev.berth.registry.DockerRegistryProcess;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DOCKER_BUILDKIT=0 docker build} against berthd, the rest of the classic builder: ONBUILD
 * triggers, SHELL kept in the image, ADD of a URL, COPY --from with wildcards, --pull and
 * --cache-from, RUN limits, and the build cache in {@code system df} and {@code builder prune}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 600)
class BuildFeaturesIT {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(3);
    private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();

    private BerthdProcess d;

    @TempDir
    Path dir;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        Path tar = BerthdProcess.busyboxTar();
        d = BerthdProcess.start();
        ok(d.docker("import", tar.toString(), "busybox"));
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.close();
        }
    }

    @AfterEach
    void removeContainers() {
        if (d != null && d.isAlive()) {
            d.removeAllContainers();
        }
    }

    private Result build(Path context, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "build";
        System.arraycopy(args, 0, all, 1, args.length);
        all[all.length - 1] = context.toString();
        return d.docker(BUILD_TIMEOUT, null, all);
    }

    private Path context(String name, String dockerfile) throws IOException {
        Path ctx = Files.createDirectories(dir.resolve(name));
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
        return ctx;
    }

    @Test
    void onbuild_triggersRunRightAfterFromInTheChildOnly_shellKeptAndInherited() throws IOException {
        Path base = context("onbuild-base", """
                FROM busybox
                SHELL ["/bin/sh", "-ec"]
                ONBUILD RUN echo triggered > /trigger
                ONBUILD COPY child.txt /child.txt
                """);
        ok(build(base, "-t", "onbuild-base"));
        Result config = d.docker("inspect", "--format", "{{json .Config.OnBuild}} {{json .Config.Shell}}", "onbuild-base");
        ok(config);
        assertThat(config.out().strip())
                .isEqualTo("[\"RUN echo triggered > /trigger\",\"COPY child.txt /child.txt\"] [\"/bin/sh\",\"-ec\"]");

        ok(d.docker("create", "--name", "onbuild-c", "onbuild-base", "true"));
        ok(d.docker("commit", "onbuild-c", "onbuild-committed"));
        Result committed = d.docker("inspect", "--format", "{{json .Config.OnBuild}} {{json .Config.Shell}}",
                "onbuild-committed");
        assertThat(committed.out().strip()).isEqualTo(config.out().strip());

        Path child = context("onbuild-child", "FROM onbuild-base\nRUN cat /trigger /child.txt > /both\n");
        Files.writeString(child.resolve("child.txt"), "from the child's context\n");
        Result r = build(child, "-t", "onbuild-child");
        ok(r);
        assertThat(r.out()).contains("Step 1/2 : FROM onbuild-base\n# Executing 2 build triggers...\n")
                .contains("Step 2/2 : RUN cat /trigger /child.txt > /both");
        Result run = d.docker("run", "--rm", "onbuild-child", "cat", "/both");
        ok(run);
        assertThat(run.out()).isEqualTo("triggered\nfrom the child's context\n");
        Result inherited = d.docker("inspect", "--format", "{{json .Config.OnBuild}} {{json .Config.Shell}}",
                "onbuild-child");
        assertThat(inherited.out().strip()).isEqualTo("null [\"/bin/sh\",\"-ec\"]");
        Result history = d.docker("history", "--no-trunc", "--format", "{{.CreatedBy}}", "onbuild-child");
        assertThat(history.out()).contains("/bin/sh -ec cat /trigger /child.txt > /both",
                "/bin/sh -ec echo triggered > /trigger", "#(nop)  ONBUILD COPY child.txt /child.txt");

        Result again = build(child, "-t", "onbuild-child");
        ok(again);
        assertThat(again.out()).contains("# Executing 2 build triggers...\n");
        assertThat(count(again.out(), " ---> Using cache")).isEqualTo(3);
        Path grandchild = context("onbuild-grandchild", "FROM onbuild-child\nRUN test ! -e /nothing\n");
        Result g = build(grandchild);
        ok(g);
        assertThat(g.out()).doesNotContain("Executing");
    }

    @Test
    void onbuild_ofFromMaintainerOrOnbuild_refusedWithDockerdsWords() throws IOException {
        Result from = build(context("onbuild-from", "FROM busybox\nONBUILD FROM busybox\n"));
        assertThat(from.exitCode()).isNotZero();
        assertThat(from.err()).contains("FROM isn't allowed as an ONBUILD trigger");
        Result chain = build(context("onbuild-chain", "FROM busybox\nONBUILD ONBUILD RUN true\n"));
        assertThat(chain.exitCode()).isNotZero();
        assertThat(chain.err()).contains("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        Result maintainer = build(context("onbuild-maintainer", "FROM busybox\nONBUILD MAINTAINER me\n"));
        assertThat(maintainer.exitCode()).isNotZero();
        assertThat(maintainer.err()).contains("MAINTAINER isn't allowed as an ONBUILD trigger");
    }

    @Test
    void addUrl_downloadedNotUnpacked_mode0600_mtimeFromLastModified_checksumVerified_cacheFollowsContent()
            throws Exception {
        Path served = Files.createDirectories(dir.resolve("served"));
        Files.writeString(served.resolve("data.bin"), "downloaded bytes\n");
        Files.writeString(served.resolve("inner.txt"), "inside the tar\n");
        Process tar = new ProcessBuilder("tar", "cf", "archive.tar", "inner.txt").directory(served.toFile())
                .inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/files/", ex -> {
            Path file = served.resolve(ex.getRequestURI().getPath().substring("/files/".length()));
            if (!Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            ex.getResponseHeaders().add("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/";
            String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(served.resolve("data.bin"))));
            Path ctx = context("add-url", "FROM busybox\n"
                    + "ADD " + base + "data.bin " + base + "archive.tar /downloads/\n"
                    + "ADD " + base + "data.bin /renamed.bin\n"
                    + "ADD --checksum=" + digest + " " + base + "data.bin /checked.bin\n");
            Result r = build(ctx, "-t", "add-url");
            ok(r);
            Result files = d.docker("run", "--rm", "add-url", "sh", "-c",
                    "stat -c '%a %Y %n' /downloads/data.bin /downloads/archive.tar /renamed.bin /checked.bin; "
                            + "cat /renamed.bin; tar tf /downloads/archive.tar; test ! -e /downloads/inner.txt");
            ok(files);
            assertThat(files.out()).isEqualTo("600 1445412480 /downloads/data.bin\n600 1445412480 /downloads/archive.tar\n"
                    + "600 1445412480 /renamed.bin\n600 1445412480 /checked.bin\ndownloaded bytes\ninner.txt\n");

            Result again = build(ctx, "-t", "add-url");
            ok(again);
            assertThat(count(again.out(), " ---> Using cache")).isEqualTo(3);
            Files.writeString(served.resolve("data.bin"), "other bytes\n");
            Result changed = build(context("add-url-changed", "FROM busybox\n"
                    + "ADD " + base + "data.bin " + base + "archive.tar /downloads/\n"));
            ok(changed);
            assertThat(changed.out()).doesNotContain("Using cache");

            Result mismatch = build(context("add-url-mismatch", "FROM busybox\n"
                    + "ADD --checksum=" + digest + " " + base + "data.bin /checked.bin\n"));
            assertThat(mismatch.exitCode()).isEqualTo(1);
            assertThat(mismatch.err()).contains("digest mismatch sha256:", ": " + digest);
            Result missing = build(context("add-url-404", "FROM busybox\nADD " + base + "nothere /x\n"));
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.err()).contains("failed to GET " + base + "nothere with status 404 Not Found");
            Result git = build(context("add-git", "FROM busybox\nADD https://github.com/moby/moby.git /src\n"));
            assertThat(git.exitCode()).isEqualTo(1);
            assertThat(git.err()).contains("ADD of a Git repository (https://github.com/moby/moby.git) is not supported");
            Result copy = build(context("copy-url", "FROM busybox\nCOPY " + base + "data.bin /x\n"));
            assertThat(copy.exitCode()).isEqualTo(1);
            assertThat(copy.err()).contains("COPY failed: source can't be a URL for COPY");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void copyFrom_wildcardsAndSeveralSources_fromAStage() throws IOException {
        String gen = """
                FROM busybox AS gen
                RUN mkdir -p /out/sub /out/dir.txt && echo a > /out/a.txt && echo b > /out/b.txt \\
                    && echo c > /out/c.log && echo s > /out/sub/s.txt && echo inner > /out/dir.txt/inner
                """;
        Path ctx = context("from-glob", gen + """
                FROM busybox
                COPY --from=gen /out/*.txt /collected/
                COPY --from=gen out/c.log /out/sub/s.txt /many/
                COPY --from=gen /out/?.log /out/s[u]b /mixed/
                """);
        Result r = build(ctx, "-t", "from-glob");
        ok(r);
        Result files = d.docker("run", "--rm", "from-glob", "sh", "-c",
                "find /collected /many /mixed | sort; cat /collected/a.txt /collected/inner");
        ok(files);
        assertThat(files.out()).isEqualTo("""
                /collected
                /collected/a.txt
                /collected/b.txt
                /collected/inner
                /many
                /many/c.log
                /many/s.txt
                /mixed
                /mixed/c.log
                /mixed/s.txt
                a
                inner
                """);
        Result again = build(ctx, "-t", "from-glob");
        ok(again);
        assertThat(count(again.out(), " ---> Using cache")).isEqualTo(4);

        Result single = build(context("from-glob-file", gen + "FROM busybox\nCOPY --from=gen /out/*.txt /single\n"));
        assertThat(single.exitCode()).isEqualTo(1);
        assertThat(single.err()).contains("When using COPY with more than one source file, "
                + "the destination must be a directory and end with a /");
        Result none = build(context("from-glob-none", gen + "FROM busybox\nCOPY --from=gen /out/*.none /x/\n"));
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("COPY failed: no source files were specified");
    }

    @Test
    void runLimits_aRunSeesItsMemoryLimitAndCpuShares_viaDockerAndBerth() throws IOException {
        Path ctx = context("limits", """
                FROM busybox
                RUN echo "memory $(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)" \\
                    && echo "shares $(cat /sys/fs/cgroup/cpu/cpu.shares)"
                """);
        Result r = build(ctx, "--no-cache", "-m", "64m", "--memory-swap", "128m", "--cpu-shares", "512");
        ok(r);
        assertThat(r.out()).contains("memory 67108864\n", "shares 512\n");
        Result viaBerth = berth("build", "--no-cache", "-m", "48m", "-c", "256", ctx.toString());
        ok(viaBerth);
        assertThat(viaBerth.out()).contains("memory 50331648\n", "shares 256\n");
        Result tooSmall = build(ctx, "--no-cache", "-m", "1m");
        assertThat(tooSmall.exitCode()).isNotZero();
        assertThat(tooSmall.err()).contains("Minimum memory limit allowed is 6MB");
        Result squash = build(ctx, "--squash");
        assertThat(squash.exitCode()).isNotZero();
        // The CLI refuses it itself, seeing no experimental daemon (the API's own refusal is BuildRoutesTest's).
        assertThat(squash.err()).contains("\"--squash\" is only supported on a Docker daemon with experimental");
    }

    @Test
    void pullAndCacheFrom_pullEvenWhenPresent_pulledImageServesAsCacheWithoutItsParents() throws Exception {
        assertThat(DockerRegistryProcess.available()).as("needs /usr/bin/docker-registry (scripts/install-deps)").isTrue();
        try (DockerRegistryProcess registry = DockerRegistryProcess.start(null)) {
            String base = registry.domain() + "/pull/busybox:1";
            ok(d.docker("tag", "busybox", base));
            ok(d.docker(BUILD_TIMEOUT, null, "push", base));
            Path pullCtx = context("pull", "FROM " + base + "\nRUN true\n");
            Result plain = build(pullCtx);
            ok(plain);
            assertThat(plain.out()).doesNotContain("Pulling from");
            Result pulled = build(pullCtx, "--pull");
            ok(pulled);
            assertThat(pulled.out()).contains("Pulling from pull/busybox", "Step 2/2 : RUN true");

            String app = registry.domain() + "/cache/app:1";
            Path ctx = context("cache-from", """
                    FROM busybox
                    ENV STAGE=cached
                    RUN echo "$STAGE" > /stage
                    COPY a.txt /a.txt
                    CMD ["cat", "/stage", "/a.txt"]
                    """);
            Files.writeString(ctx.resolve("a.txt"), "from the context\n");
            ok(build(ctx, "-t", app));
            String original = imageId(app);
            ok(d.docker(BUILD_TIMEOUT, null, "push", app));
            ok(d.docker("rmi", app));
            // Drops the build's intermediate images: what is left of the build is only what a pull brings.
            ok(d.docker("image", "prune", "-f"));
            ok(d.docker(BUILD_TIMEOUT, null, "pull", app));
            assertThat(imageId(app)).isEqualTo(original);

            Result cached = build(ctx, "--cache-from", app, "-t", "cache-from-result");
            ok(cached);
            assertThat(count(cached.out(), " ---> Using cache")).isEqualTo(4);
            assertThat(cached.out()).contains("Successfully built " + original.substring(7, 19));
            Result run = d.docker("run", "--rm", "cache-from-result");
            ok(run);
            assertThat(run.out()).isEqualTo("cached\nfrom the context\n");

            Files.writeString(ctx.resolve("a.txt"), "changed\n");
            Result changed = build(ctx, "--cache-from", app);
            ok(changed);
            assertThat(count(changed.out(), " ---> Using cache")).isEqualTo(2);
            ok(d.docker("rmi", base, app, "cache-from-result"));
        }
    }

    @Test
    void buildCache_systemDfListsIntermediates_builderPruneRemovesThem_thenABuildStartsCold() throws IOException {
        // Other tests' builds leave records on this daemon: start from none.
        ok(d.docker("builder", "prune", "-af"));
        assertThat(cacheCount()).isZero();
        String dockerfile = "FROM busybox\nRUN echo a > /a\nENV X=1\nRUN echo b > /b\n";
        Path tagged = context("df-tagged", dockerfile);
        Result first = build(tagged, "-t", "df-app");
        ok(first);
        List<String> taggedSteps = stepIds(first.out());
        Result other = build(context("df-dangling", "FROM busybox\nRUN echo other > /o\nENV Y=2\nRUN true\n"));
        ok(other);
        List<String> danglingSteps = stepIds(other.out());
        assertThat(taggedSteps).hasSize(4);
        assertThat(danglingSteps).hasSize(4);
        // Records: the steps between FROM and the result; the untagged result is a dangling image instead.
        assertThat(cacheCount()).isEqualTo(4);
        Result verbose = d.docker("system", "df", "-v");
        ok(verbose);
        assertThat(verbose.out()).contains("Build cache usage:", taggedSteps.get(1), taggedSteps.get(2),
                danglingSteps.get(1), danglingSteps.get(2));

        Result recent = d.docker("builder", "prune", "-af", "--filter", "until=1h");
        ok(recent);
        assertThat(recent.out()).contains("Total reclaimed space: 0B");
        assertThat(cacheCount()).isEqualTo(4);

        Result dangling = d.docker("builder", "prune", "-f");
        ok(dangling);
        assertThat(dangling.out()).contains("Deleted build cache objects:", danglingSteps.get(1), danglingSteps.get(2))
                .doesNotContain(taggedSteps.get(1));
        assertThat(cacheCount()).isEqualTo(2);
        ok(d.docker("image", "inspect", danglingSteps.get(3)));

        Result all = d.docker("builder", "prune", "-af");
        ok(all);
        assertThat(all.out()).contains(taggedSteps.get(1), taggedSteps.get(2)).contains("Total reclaimed space:");
        assertThat(cacheCount()).isZero();
        Result run = d.docker("run", "--rm", "df-app", "cat", "/a", "/b");
        ok(run);
        assertThat(run.out()).isEqualTo("a\nb\n");
        Result rebuilt = build(tagged, "-t", "df-app");
        ok(rebuilt);
        assertThat(rebuilt.out()).doesNotContain("Using cache");
        ok(d.docker("rmi", "df-app", danglingSteps.get(3)));
        ok(d.docker("builder", "prune", "-af"));
    }

    @Test
    void parentImages_intermediatesHiddenAndNotDangling_rmiTakesTheChain_pruneKeepsACachedBuild() throws IOException {
        Path ctx = context("parents", "FROM busybox\nRUN echo a > /a\nENV P=1\nRUN echo b > /b\n");
        Result first = build(ctx, "-t", "parents-app");
        ok(first);
        List<String> steps = stepIds(first.out()); // busybox, RUN a, ENV, the result
        assertThat(steps).hasSize(4);
        String runA = steps.get(1);
        String env = steps.get(2);

        // the steps between FROM and the result are intermediate: `docker images` shows them with -a only
        assertThat(images("images", "-q")).contains(steps.get(3)).doesNotContain(runA, env);
        assertThat(images("images", "-a", "-q")).contains(runA, env, steps.get(3));
        assertThat(images("images", "-q", "-f", "dangling=true")).doesNotContain(runA, env);
        assertThat(imageId("parents-app")).isNotEqualTo(imageId(env));
        Result parent = d.docker("image", "inspect", "-f", "{{.Parent}}", "parents-app");
        assertThat(parent.out().strip()).isEqualTo(imageId(env));
        assertThat(d.docker("image", "inspect", "-f", "{{.Parent}}", runA).out().strip()).isEqualTo(imageId("busybox"));
        // history names each step's image while the chain is here, as dockerd's, with its tags
        Result history = d.docker("history", "-q", "--no-trunc", "parents-app");
        ok(history);
        assertThat(lines(history.out()))
                .containsExactly(imageId("parents-app"), imageId(env), imageId(runA), imageId("busybox"));
        assertThat(d.http("GET", "/v1.50/images/parents-app/history", null, null, java.time.Duration.ofSeconds(10)))
                .contains("{\"Id\":\"" + imageId("busybox") + "\",").contains("\"Tags\":[\"busybox:latest\"]")
                .contains("\"Tags\":[\"parents-app:latest\"]");

        Result byId = d.docker("rmi", runA);
        assertThat(byId.exitCode()).isEqualTo(1);
        assertThat(byId.err()).contains("conflict: unable to delete " + runA
                + " (cannot be forced) - image has dependent child images");

        // prune leaves a tagged image's steps: the next build finds every one in its cache
        ok(d.docker("image", "prune", "-f"));
        Result again = build(ctx, "-t", "parents-app");
        ok(again);
        assertThat(count(again.out(), " ---> Using cache")).isEqualTo(3);

        // rmi of the result takes its untagged ancestors along, down to the tagged base
        Result removed = d.docker("rmi", "parents-app");
        ok(removed);
        assertThat(count(removed.out(), "Deleted: sha256:")).isEqualTo(3);
        assertThat(removed.out()).contains("Deleted: " + imageIdPrefix(removed.out(), runA));
        assertThat(d.docker("image", "inspect", runA).exitCode()).isEqualTo(1);
        ok(d.docker("image", "inspect", "busybox"));

        // --no-prune keeps them; the step left childless is dangling then, and prune takes it and its chain
        Result cold = build(ctx, "-t", "parents-app");
        ok(cold);
        List<String> coldSteps = stepIds(cold.out());
        Result kept = d.docker("rmi", "--no-prune", "parents-app");
        ok(kept);
        assertThat(count(kept.out(), "Deleted: sha256:")).isEqualTo(1);
        assertThat(images("images", "-q", "-f", "dangling=true")).contains(coldSteps.get(2))
                .doesNotContain(coldSteps.get(1));
        Result pruned = d.docker("image", "prune", "-f");
        ok(pruned);
        assertThat(pruned.out()).contains(imageIdPrefix(pruned.out(), coldSteps.get(2)),
                imageIdPrefix(pruned.out(), coldSteps.get(1)));
        assertThat(d.docker("image", "inspect", coldSteps.get(1)).exitCode()).isEqualTo(1);
    }

    private List<String> images(String... args) {
        Result r = d.docker(args);
        ok(r);
        return lines(r.out());
    }

    /** The full {@code sha256:…} id in {@code out} that starts with the short one (fails the test when absent). */
    private static String imageIdPrefix(String out, String shortId) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("sha256:(" + shortId + "[0-9a-f]{52})").matcher(out);
        assertThat(m.find()).as(shortId + " in " + out).isTrue();
        return m.group(0);
    }

    @Test
    void builderPruneKeepStorage_removesTheOldestRecordsUntilTheCacheFits() throws IOException {
        ok(d.docker("builder", "prune", "-af"));
        Path ctx = context("keep-storage",
                "FROM busybox\nRUN head -c 3000 /dev/zero > /a\nRUN head -c 5000 /dev/zero > /b\nRUN true\n");
        ok(build(ctx, "-t", "keep-app"));
        // the two intermediate steps are the cache's records, as system df sizes and dates them
        List<com.fasterxml.jackson.databind.JsonNode> records = new ArrayList<>();
        buildCache().forEach(records::add);
        assertThat(records).hasSize(2);
        records.sort(java.util.Comparator.comparing(r -> java.time.Instant.parse(r.path("CreatedAt").asText())));
        long older = records.get(0).path("Size").asLong();
        long newer = records.get(1).path("Size").asLong();
        assertThat(older).isPositive();
        assertThat(newer).isPositive();

        // keep all but the older record's bytes: that one goes (least recently used first), then the cache fits
        Result kept = d.docker("builder", "prune", "-af", "--keep-storage", Long.toString(newer));
        ok(kept);
        assertThat(kept.out()).contains("Deleted build cache objects:\n" + records.get(0).path("ID").asText() + "\n\n");
        assertThat(cacheCount()).isEqualTo(1);
        // already within it: nothing goes
        Result fits = d.docker("builder", "prune", "-af", "--keep-storage", Long.toString(newer));
        ok(fits);
        assertThat(fits.out()).isEqualTo("Total reclaimed space: 0B\n");
        assertThat(cacheCount()).isEqualTo(1);
        // max-used-space through the API (the docker CLI 28 sends keep-storage only): the rest goes
        Result api = BerthdProcess.run(java.time.Duration.ofSeconds(30), "curl", "-s", "-X", "POST", "--unix-socket",
                d.socket().toString(), "http://berthd/build/prune?all=1&max-used-space=1");
        assertThat(api.out()).contains(records.get(1).path("ID").asText());
        assertThat(cacheCount()).isZero();
        Result bad = BerthdProcess.run(java.time.Duration.ofSeconds(30), "curl", "-s", "-w", " %{http_code}", "-X", "POST",
                "--unix-socket", d.socket().toString(), "http://berthd/build/prune?keep-storage=lots");
        assertThat(bad.out()).endsWith(" 400").contains("invalid value for keep-storage: \\\"lots\\\" is not a number of bytes");
        Result run = d.docker("run", "--rm", "keep-app", "sh", "-c", "wc -c /a /b");
        ok(run);
        assertThat(run.out()).contains("3000 /a", "5000 /b");
        ok(d.docker("rmi", "keep-app"));
    }

    private com.fasterxml.jackson.databind.JsonNode buildCache() throws IOException {
        Result df = BerthdProcess.run(java.time.Duration.ofSeconds(30), "curl", "-s", "--unix-socket",
                d.socket().toString(), "http://berthd/system/df");
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(df.out()).path("BuildCache");
    }

    @Test
    void contextLargerThanTheDisk_clearError_contextRemoved_nextBuildWorks() throws Exception {
        Path scratch = Files.createDirectories(d.dataRoot().resolve("tmp").resolve("build"));
        ok(run("mount", "-t", "tmpfs", "-o", "size=2m", "berth-it-build-tmp", scratch.toString()));
        try {
            Path ctx = context("too-big", "FROM busybox\nCOPY big.bin /big.bin\n");
            byte[] chunk = new byte[1 << 20];
            new Random(7).nextBytes(chunk);
            try (OutputStream out = Files.newOutputStream(ctx.resolve("big.bin"))) {
                for (int i = 0; i < 6; i++) {
                    out.write(chunk);
                }
            }
            List<String> before = lines(d.docker("images", "-aq", "--no-trunc").out());
            Result r = build(ctx, "-t", "too-big");
            assertThat(r.exitCode()).as(r.toString()).isNotZero();
            assertThat(r.err()).contains("the build context does not fit on disk: no space left on device in "
                    + scratch);
            try (Stream<Path> left = Files.list(scratch)) {
                assertThat(left.toList()).isEmpty();
            }
            assertThat(lines(d.docker("images", "-aq", "--no-trunc").out())).isEqualTo(before);
            assertThat(d.docker("ps", "-aq").out()).isEmpty();
            Files.delete(ctx.resolve("big.bin"));
            Files.writeString(ctx.resolve("big.bin"), "small now\n");
            ok(build(ctx, "-t", "fits"));
            ok(d.docker("rmi", "fits"));
        } finally {
            ok(run("umount", "-l", scratch.toString()));
        }
    }

    @Test
    void clientDisconnectsMidBuild_containersRemoved_onlyFinishedStepsLeft_contextRemoved() throws Exception {
        Path ctx = context("gone-mid", "FROM busybox\nRUN echo first > /first\nRUN echo out-$((6*7)) && sleep 120\n"
                + "RUN echo never\n");
        List<String> before = lines(d.docker("images", "-aq", "--no-trunc").out());
        Path log = dir.resolve("gone-mid.log");
        ProcessBuilder pb = new ProcessBuilder("docker", "-H", d.host(), "build", "-t", "gone-mid", ctx.toString());
        pb.environment().put("DOCKER_BUILDKIT", "0");
        pb.environment().remove("DOCKER_HOST");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process cli = pb.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.readString(log).contains("out-42") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(log)).contains("Step 3/4", "out-42");
        } finally {
            cli.destroyForcibly().waitFor();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!d.docker("ps", "-aq").out().isBlank() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(d.docker("ps", "-aq").out()).isEmpty();
        List<String> after = lines(d.docker("images", "-aq", "--no-trunc").out());
        after.removeAll(before);
        // As dockerd: the finished RUN's image stays (it is cache); the interrupted step made none.
        assertThat(after).hasSize(1);
        Result first = d.docker("run", "--rm", after.get(0), "cat", "/first");
        assertThat(first.out()).isEqualTo("first\n");
        assertThat(d.docker("image", "inspect", "gone-mid").exitCode()).isNotZero();
        Path scratch = d.dataRoot().resolve("tmp").resolve("build");
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!isEmpty(scratch) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        try (Stream<Path> left = Files.list(scratch)) {
            assertThat(left.toList()).isEmpty();
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static Result run(String... cmd) {
        return BerthdProcess.run(Duration.ofSeconds(30), cmd);
    }

    private static List<String> lines(String out) {
        List<String> l = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                l.add(line.strip());
            }
        }
        return l;
    }

    /** The short ids a build printed after each step (" ---> id"), FROM's included. */
    private static List<String> stepIds(String out) {
        List<String> ids = new ArrayList<>();
        for (String line : out.split("\n")) {
            String l = line.strip();
            if (l.matches("---> [0-9a-f]{12}")) {
                ids.add(l.substring(5));
            }
        }
        return ids;
    }

    private long cacheCount() {
        Result df = d.docker("system", "df", "--format", "{{.Type}}={{.TotalCount}}");
        ok(df);
        for (String line : df.out().split("\n")) {
            if (line.startsWith("Build Cache=")) {
                return Long.parseLong(line.substring("Build Cache=".length()).strip());
            }
        }
        throw new AssertionError("no build cache row in " + df.out());
    }

    private String imageId(String ref) {
        Result r = d.docker("image", "inspect", "--format", "{{.Id}}", ref);
        ok(r);
        return r.out().strip();
    }

    private Result berth(String... args) {
        List<String> cmd = new ArrayList<>(List.of(BERTH.toString(), "-H", d.host()));
        cmd.addAll(List.of(args));
        return BerthdProcess.run(BUILD_TIMEOUT, cmd.toArray(String[]::new));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static void ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }
}
