package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.daemon.BerthdProcess.Result;
import dev.berth.registry.DockerRegistryProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code DOCKER_BUILDKIT=0 docker build} against berthd: the classic builder's steps, output and errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 600)
class BuildIT {
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
    void build_multiStep_imageRunsWithFilesOwnersEnvAndCmd() throws IOException {
        Path ctx = context("multi", """
                FROM busybox
                ENV GREETING="hello world" APP=/srv/app
                RUN mkdir -p /data && echo built > /data/marker && chown 1234:5678 /data/marker
                WORKDIR $APP
                COPY src/ ./src/
                COPY --chown=42:43 --chmod=0640 conf.txt /etc/app.conf
                USER 1234
                CMD ["sh", "-c", "echo $GREETING; pwd; id -u"]
                """);
        Files.createDirectories(ctx.resolve("src/sub"));
        Files.writeString(ctx.resolve("src/a.txt"), "alpha\n");
        Files.writeString(ctx.resolve("src/sub/b.sh"), "#!/bin/sh\necho b\n");
        Files.setPosixFilePermissions(ctx.resolve("src/sub/b.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(ctx.resolve("conf.txt"), "k=v\n");

        Result r = build(ctx, "-t", "built:1", "-t", "built:also");
        ok(r);
        assertThat(r.out()).contains("Step 1/8 : FROM busybox\n", "Step 3/8 : RUN mkdir -p /data",
                " ---> Running in ", "Removing intermediate container ", "Step 8/8 : CMD [\"sh\", \"-c\",",
                "Successfully built ", "Successfully tagged built:1\n", "Successfully tagged built:also\n");
        assertThat(r.out()).doesNotContain("Using cache");

        Result run = d.docker("run", "--rm", "built:1");
        ok(run);
        assertThat(run.out()).isEqualTo("hello world\n/srv/app\n1234\n");
        Result files = d.docker("run", "--rm", "--user", "0", "built:1", "sh", "-c",
                "cat /data/marker src/a.txt; stat -c '%u:%g %a %n' /data/marker src/sub/b.sh /etc/app.conf; "
                        + "./src/sub/b.sh");
        ok(files);
        assertThat(files.out()).isEqualTo("built\nalpha\n1234:5678 644 /data/marker\n0:0 750 src/sub/b.sh\n"
                + "42:43 640 /etc/app.conf\nb\n");
        assertThat(d.docker("ps", "-aq").out()).isEmpty();
        Result history = d.docker("history", "--no-trunc", "--format", "{{.CreatedBy}}", "built:1");
        ok(history);
        assertThat(history.out()).contains("/bin/sh -c mkdir -p /data", "#(nop)  ENV GREETING=hello world",
                "#(nop) COPY dir:", "#(nop)  CMD [\"sh\",\"-c\",\"echo $GREETING; pwd; id -u\"]");
    }

    @Test
    void rebuild_sameContext_everyStepFromCache_evenAfterRestart_changedFileRebuildsFromItsStep() throws IOException {
        Path ctx = context("cache", """
                FROM busybox
                ARG FLAVOUR=plain
                ENV MODE=test
                RUN echo "$FLAVOUR" > /flavour && date +%s%N > /stamp
                COPY a.txt /a.txt
                RUN cat /a.txt /flavour > /combined
                CMD ["cat", "/combined"]
                """);
        Files.writeString(ctx.resolve("a.txt"), "one\n");
        Result first = build(ctx, "-t", "cached");
        ok(first);
        assertThat(first.out()).doesNotContain("Using cache");
        String firstId = imageId("cached");

        Result second = build(ctx, "-t", "cached");
        ok(second);
        assertThat(count(second.out(), " ---> Using cache\n")).as(second.out()).isEqualTo(6);
        assertThat(second.out()).doesNotContain("Running in");
        assertThat(imageId("cached")).isEqualTo(firstId);

        d.restart();
        Result afterRestart = build(ctx, "-t", "cached");
        ok(afterRestart);
        assertThat(count(afterRestart.out(), " ---> Using cache\n")).as(afterRestart.out()).isEqualTo(6);

        Files.writeString(ctx.resolve("a.txt"), "two\n");
        Result changed = build(ctx, "-t", "cached");
        ok(changed);
        assertThat(count(changed.out(), " ---> Using cache\n")).as(changed.out()).isEqualTo(3);
        assertThat(changed.out()).contains("Step 5/7 : COPY a.txt /a.txt\n ---> ");
        Result out = d.docker("run", "--rm", "cached");
        ok(out);
        assertThat(out.out()).isEqualTo("two\nplain\n");

        Result arg = build(ctx, "--build-arg", "FLAVOUR=spicy", "-t", "spicy");
        ok(arg);
        assertThat(count(arg.out(), " ---> Using cache\n")).as(arg.out()).isEqualTo(2);
        assertThat(d.docker("run", "--rm", "spicy").out()).isEqualTo("two\nspicy\n");

        Result noCache = build(ctx, "--no-cache", "-t", "cached");
        ok(noCache);
        assertThat(noCache.out()).doesNotContain("Using cache");
        assertThat(d.docker("ps", "-aq").out()).isEmpty();
    }

    @Test
    void build_multiStage_targetBuildsOnlyWhatItNeeds_copyFromStageIndexAndImage() throws IOException {
        Path ctx = context("stages", """
                FROM busybox AS build
                RUN mkdir /out && echo compiled > /out/app && echo more > /out/extra
                FROM busybox AS broken
                RUN echo this stage must be skipped && exit 1
                FROM scratch AS final
                COPY --from=build /out/app /app
                COPY --from=busybox /bin/busybox /bin/busybox
                CMD ["/bin/busybox", "cat", "/app"]
                FROM busybox AS tested
                COPY --from=0 /out /opt/out
                CMD ["cat", "/opt/out/app", "/opt/out/extra"]
                """);
        Result fin = build(ctx, "--target", "final", "-t", "final");
        ok(fin);
        assertThat(fin.out()).doesNotContain("this stage must be skipped", "FROM busybox AS tested")
                .contains("Step 3/6 : FROM scratch AS final\n ---> \n", "Successfully tagged final:latest");
        Result run = d.docker("run", "--rm", "final");
        ok(run);
        assertThat(run.out()).isEqualTo("compiled\n");
        Result history = d.docker("history", "--format", "{{.CreatedBy}}", "--no-trunc", "final");
        ok(history);
        assertThat(history.out().lines().toList()).hasSize(3);
        assertThat(history.out()).contains("COPY --from=sha256:", "CMD [\"/bin/busybox\",\"cat\",\"/app\"]");

        Result last = build(ctx, "-t", "tested");
        ok(last);
        assertThat(last.out()).doesNotContain("this stage must be skipped", "FROM scratch");
        Result out = d.docker("run", "--rm", "tested");
        ok(out);
        assertThat(out.out()).isEqualTo("compiled\nmore\n");
        assertThat(d.docker("ps", "-aq").out()).isEmpty();
    }

    @Test
    void build_clientDisconnects_buildStopsAndItsContainerIsRemoved() throws Exception {
        Path ctx = context("gone", "FROM busybox\nRUN echo out-$((6*7)) && sleep 120\nRUN echo never\n");
        Path log = dir.resolve("gone.log");
        ProcessBuilder pb = new ProcessBuilder("docker", "-H", d.host(), "build", "-t", "gone", ctx.toString());
        pb.environment().put("DOCKER_BUILDKIT", "0");
        pb.environment().remove("DOCKER_HOST");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process cli = pb.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.readString(log).contains("out-42") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(log)).contains("Running in", "out-42");
            assertThat(d.docker("ps", "-q").out()).isNotBlank();
        } finally {
            cli.destroyForcibly().waitFor();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!d.docker("ps", "-aq").out().isBlank() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(d.docker("ps", "-aq").out()).isEmpty();
        assertThat(d.docker("image", "inspect", "gone").exitCode()).isNotZero();
    }

    @Test
    void build_quietAndIidfile_printOnlyTheId() throws IOException {
        Path ctx = context("quiet", "FROM busybox\nMAINTAINER Jane Doe\nRUN echo noisy\nLABEL a=b\n");
        Path iid = dir.resolve("iid");
        Result r = build(ctx, "-q", "--iidfile", iid.toString(), "--label", "from.cli=yes");
        ok(r);
        String id = Files.readString(iid).strip();
        assertThat(id).startsWith("sha256:");
        assertThat(r.out().strip()).isEqualTo(id);
        Result label = d.docker("image", "inspect", "--format", "{{index .Config.Labels \"from.cli\"}} {{.Config.Labels.a}} {{.Author}}", id);
        ok(label);
        assertThat(label.out().strip()).isEqualTo("yes b Jane Doe");
    }

    @Test
    void build_healthcheck_inTheImage_andAContainerOfItTurnsHealthy() throws IOException {
        Path ctx = context("health", "FROM busybox\nHEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD /bin/busybox true\n");
        ok(build(ctx, "-t", "healthy-image"));
        Result check = d.docker("image", "inspect", "--format", "{{json .Config.Healthcheck}}", "healthy-image");
        ok(check);
        assertThat(check.out()).contains("\"Test\":[\"CMD-SHELL\",\"/bin/busybox true\"]", "\"Interval\":1000000000",
                "\"Timeout\":2000000000", "\"Retries\":2");
        ok(d.docker("run", "-d", "--name", "hc", "healthy-image", "sleep", "60"));
        String status = "";
        for (int i = 0; i < 50 && !status.equals("healthy"); i++) {
            BerthdProcess.sleep(200);
            status = d.docker("inspect", "--format", "{{.State.Health.Status}}", "hc").out().strip();
        }
        assertThat(status).isEqualTo("healthy");
        Result history = d.docker("history", "--no-trunc", "--format", "{{.CreatedBy}}", "healthy-image");
        assertThat(history.out()).contains("HEALTHCHECK &{[\"CMD-SHELL\" \"/bin/busybox true\"] \"1s\" \"2s\" \"0s\" \"0s\" '\\x02'}");
    }

    @Test
    void berthBuild_sameFlags_dockerignoreApplied_failureCodeIsExitCode() throws IOException {
        Path ctx = context("berth", """
                FROM busybox
                ARG WHO
                COPY . /ctx/
                RUN ls -A /ctx | sort > /listing && echo "hi $WHO" > /who
                CMD ["cat", "/listing", "/who"]
                """);
        Files.writeString(ctx.resolve(".dockerignore"), "*.log\nsecret/\n!secret/keep.txt\n");
        Files.writeString(ctx.resolve("app.txt"), "app\n");
        Files.writeString(ctx.resolve("debug.log"), "noise\n");
        Files.createDirectories(ctx.resolve("secret"));
        Files.writeString(ctx.resolve("secret/key"), "k\n");
        Files.writeString(ctx.resolve("secret/keep.txt"), "kept\n");
        Path iid = dir.resolve("berth-iid");
        Result r = berth("build", "-t", "berth-built", "--build-arg", "WHO=berth", "--iidfile", iid.toString(),
                ctx.toString());
        ok(r);
        assertThat(r.out()).contains("Step 1/5 : FROM busybox", "Successfully tagged berth-built:latest");
        assertThat(Files.readString(iid)).startsWith("sha256:");
        Result run = d.docker("run", "--rm", "berth-built");
        ok(run);
        assertThat(run.out()).isEqualTo(".dockerignore\nDockerfile\napp.txt\nsecret\nhi berth\n");
        assertThat(d.docker("run", "--rm", "berth-built", "ls", "/ctx/secret").out()).isEqualTo("keep.txt\n");

        Path failing = context("berth-fail", "FROM busybox\nRUN exit 7\n");
        Result f = berth("build", "--force-rm", failing.toString());
        assertThat(f.exitCode()).as(f.toString()).isEqualTo(7);
        assertThat(f.err()).contains("The command '/bin/sh -c exit 7' returned a non-zero code: 7");
        assertThat(d.docker("ps", "-aq").out()).isEmpty();
    }

    private Result berthWithConfig(Path dockerConfig, String... args) {
        List<String> cmd = new ArrayList<>(List.of("env", "DOCKER_CONFIG=" + dockerConfig, BERTH.toString(), "-H",
                d.host()));
        cmd.addAll(List.of(args));
        return BerthdProcess.run(BUILD_TIMEOUT, cmd.toArray(String[]::new));
    }

    private Result berth(String... args) {
        List<String> cmd = new ArrayList<>(List.of(BERTH.toString(), "-H", d.host()));
        cmd.addAll(List.of(args));
        return BerthdProcess.run(BUILD_TIMEOUT, cmd.toArray(String[]::new));
    }

    @Test
    void build_heredocsAndAddOfALocalTar() throws IOException, InterruptedException {
        Path ctx = context("heredoc", """
                FROM busybox
                ENV NAME=berth
                RUN <<EOF
                echo "script for $NAME" > /script.out
                mkdir -p /made
                EOF
                RUN cat > /cat.out <<'END'
                literal $NAME
                END
                COPY <<cfg <<"raw" /etc/app/
                name=$NAME
                cfg
                raw=$NAME
                raw
                ADD bundle.tar.gz /opt/
                """);
        Path bundle = dir.resolve("bundle");
        Files.createDirectories(bundle.resolve("pkg"));
        Files.writeString(bundle.resolve("pkg/file.txt"), "inside the tar\n");
        Result tar = BerthdProcess.run(Duration.ofSeconds(30), "tar", "-czf", ctx.resolve("bundle.tar.gz").toString(),
                "-C", bundle.toString(), "pkg");
        ok(tar);
        Result r = build(ctx, "-t", "heredoc");
        ok(r);
        Result run = d.docker("run", "--rm", "heredoc", "sh", "-c",
                "cat /script.out /cat.out /etc/app/cfg /etc/app/raw /opt/pkg/file.txt; test -d /made && echo made");
        ok(run);
        assertThat(run.out()).isEqualTo("script for berth\nliteral $NAME\nname=berth\nraw=$NAME\ninside the tar\nmade\n");
    }

    @Test
    void zstdAndXz_importLoadSaveAndAdd_asDockerdDecompresses() throws Exception {
        // import of a zstd-compressed rootfs tar
        Path zst = dir.resolve("rootfs.tar.zst");
        ok(BerthdProcess.run(Duration.ofSeconds(60), "zstd", "-q", "-f", BerthdProcess.busyboxTar().toString(), "-o", zst.toString()));
        ok(d.docker("import", zst.toString(), "zbox"));
        assertThat(ok(d.docker("run", "--rm", "zbox", "busybox", "echo", "from-zstd")).out()).isEqualTo("from-zstd\n");
        // load of an archive whose layer is zstd (manifest.json naming it), then save of it: a plain tar again
        Path saved = dir.resolve("zbox.tar");
        ok(d.docker("save", "-o", saved.toString(), "zbox"));
        Path unpacked = Files.createDirectories(dir.resolve("zbox-archive"));
        ok(BerthdProcess.run(Duration.ofSeconds(60), "tar", "-xf", saved.toString(), "-C", unpacked.toString()));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        var manifest = (com.fasterxml.jackson.databind.node.ArrayNode) json.readTree(unpacked.resolve("manifest.json").toFile());
        var layers = (com.fasterxml.jackson.databind.node.ArrayNode) manifest.get(0).get("Layers");
        ok(BerthdProcess.run(Duration.ofSeconds(60), "zstd", "-q", "-f", unpacked.resolve(layers.get(0).asText()).toString(),
                "-o", unpacked.resolve("layer.tar.zst").toString()));
        layers.set(0, "layer.tar.zst");
        ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.get(0)).putArray("RepoTags").add("zloaded:latest");
        json.writeValue(unpacked.resolve("manifest.json").toFile(), manifest);
        Path zArchive = dir.resolve("zloaded.tar");
        ok(BerthdProcess.run(Duration.ofSeconds(60), "tar", "-cf", zArchive.toString(), "-C", unpacked.toString(),
                "manifest.json", "layer.tar.zst", manifest.get(0).get("Config").asText()));
        assertThat(ok(d.docker("load", "-i", zArchive.toString())).out()).contains("Loaded image: zloaded:latest");
        assertThat(ok(d.docker("run", "--rm", "zloaded", "busybox", "echo", "loaded")).out()).isEqualTo("loaded\n");
        // ADD unpacks zstd and xz archives from the context, as gzip and bzip2
        Path ctx = context("compressed", """
                FROM busybox
                ADD z.tar.zst /z/
                ADD x.tar.xz /x/
                """);
        Path content = Files.createDirectories(dir.resolve("content"));
        Files.writeString(content.resolve("inside.txt"), "packed\n");
        ok(BerthdProcess.run(Duration.ofSeconds(30), "tar", "--zstd", "-cf", ctx.resolve("z.tar.zst").toString(),
                "-C", content.toString(), "inside.txt"));
        ok(BerthdProcess.run(Duration.ofSeconds(30), "tar", "-cJf", ctx.resolve("x.tar.xz").toString(),
                "-C", content.toString(), "inside.txt"));
        ok(build(ctx, "-t", "unpacked"));
        assertThat(ok(d.docker("run", "--rm", "unpacked", "cat", "/z/inside.txt", "/x/inside.txt")).out())
                .isEqualTo("packed\npacked\n");
    }

    @Test
    void build_otherDockerfileNames_fromStdinAndOutsideTheContext() throws IOException {
        Path ctx = context("names", "FROM busybox\nRUN exit 9\n");
        Files.writeString(ctx.resolve("Other.dockerfile"), "FROM busybox\nLABEL which=other\n");
        Result inside = build(ctx, "-f", ctx.resolve("Other.dockerfile").toString(), "-t", "other");
        ok(inside);
        Path outside = dir.resolve("Outside.dockerfile");
        Files.writeString(outside, "FROM busybox\nLABEL which=outside\n");
        ok(build(ctx, "-f", outside.toString(), "-t", "outside"));
        Path stdin = dir.resolve("stdin.dockerfile");
        Files.writeString(stdin, "FROM busybox\nLABEL which=stdin\n");
        ok(d.docker(BUILD_TIMEOUT, stdin, "build", "-t", "stdin", "-"));
        for (String name : List.of("other", "outside", "stdin")) {
            Result label = d.docker("image", "inspect", "--format", "{{.Config.Labels.which}}", name);
            ok(label);
            assertThat(label.out().strip()).isEqualTo(name);
        }
        Result missing = build(ctx, "-f", "Nope");
        assertThat(missing.exitCode()).isNotZero();
    }

    @Test
    void build_runContainersGetUlimitAddHostAndShmSize() throws IOException {
        Path ctx = context("limits", """
                FROM busybox
                RUN ulimit -n > /nofile && grep buildhost /etc/hosts | cut -f1 > /host && df -k /dev/shm | tail -1 | awk '{print $2}' > /shm
                CMD ["cat", "/nofile", "/host", "/shm"]
                """);
        Result r = build(ctx, "--ulimit", "nofile=1234:2048", "--add-host", "buildhost:10.1.2.3", "--shm-size", "8m",
                "-t", "limits");
        ok(r);
        Result run = d.docker("run", "--rm", "limits");
        ok(run);
        assertThat(run.out()).isEqualTo("1234\n10.1.2.3\n8192\n");
    }

    @Test
    void build_fromAPrivateRegistry_pullsWithTheClientsLogin() throws Exception {
        assertTrue(DockerRegistryProcess.available(), "needs /usr/bin/docker-registry (scripts/install-deps)");
        Process p = new ProcessBuilder("/usr/bin/htpasswd", "-nbB", "alice", "s3cret").start();
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).isZero();
        try (DockerRegistryProcess registry = DockerRegistryProcess.start(line)) {
            String ref = registry.domain() + "/private/busybox:v1";
            ok(d.docker("tag", "busybox", ref));
            Path password = dir.resolve("password");
            Files.writeString(password, "s3cret\n");
            ok(d.docker(BUILD_TIMEOUT, password, "login", registry.domain(), "-u", "alice", "--password-stdin"));
            try {
                ok(d.docker(BUILD_TIMEOUT, null, "push", ref));
                ok(d.docker("rmi", ref));
                Path ctx = context("private", "FROM " + ref + "\nRUN echo pulled > /p\nCMD [\"cat\", \"/p\"]\n");
                Result r = build(ctx, "-t", "from-private");
                ok(r);
                assertThat(r.out()).contains("Step 1/3 : FROM " + ref, "Pulling from private/busybox");
                assertThat(d.docker("run", "--rm", "from-private").out()).isEqualTo("pulled\n");
                String ref2 = registry.domain() + "/private/busybox:v2";
                ok(d.docker("tag", "busybox", ref2));
                ok(d.docker(BUILD_TIMEOUT, null, "push", ref2));
                ok(d.docker("rmi", ref2));
                Path ctx2 = context("private2", "FROM " + ref2 + "\nRUN echo pulled by berth > /p\n");
                // berth reads the same config.json the docker CLI wrote (BerthdProcess's DOCKER_CONFIG).
                Result viaBerth = berthWithConfig(d.dockerConfig(), "build", "-t", "from-private-berth", ctx2.toString());
                ok(viaBerth);
                assertThat(viaBerth.out()).contains("Pulling from private/busybox");
            } finally {
                d.docker("logout", registry.domain());
            }
        }
    }

    @Test
    void build_unknownTargetAndForeignPlatform_refused() throws IOException {
        Path ctx = context("target", "FROM busybox AS a\nRUN true\n");
        Result r = build(ctx, "--target", "nope");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("failed to reach build target nope in Dockerfile");
        Path arm = context("arm", "FROM --platform=linux/arm64 busybox\nRUN true\n");
        Result platform = build(arm);
        assertThat(platform.exitCode()).isEqualTo(1);
        assertThat(platform.err()).contains("FROM --platform=linux/arm64 is not supported by Berth's builder yet");
        ok(build(context("native", "FROM --platform=$BUILDPLATFORM busybox\nRUN true\n")));
    }

    @Test
    void build_failingRun_showsOutputAndCodeAndLeavesNoContainerWithForceRm() throws IOException {
        Path ctx = context("fail", """
                FROM busybox
                RUN echo about to fail && exit 3
                RUN echo never
                """);
        Result r = build(ctx, "--force-rm", "-t", "failing");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).contains("Step 2/3 : RUN echo about to fail && exit 3", "about to fail\n")
                .doesNotContain("Step 3/3");
        assertThat(r.err()).contains("The command '/bin/sh -c echo about to fail && exit 3' returned a non-zero code: 3");
        assertThat(d.docker("ps", "-aq").out()).isEmpty();
        assertThat(d.docker("image", "inspect", "failing").exitCode()).isNotZero();
    }

    @Test
    void build_syntaxError_namesTheLine() throws IOException {
        Path ctx = context("syntax", "FROM busybox\nRUN true\nFROBNICATE x\n");
        Result r = build(ctx);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("dockerfile parse error on line 3: unknown instruction: FROBNICATE");
    }

    @Test
    void build_runWithABuildKitFlag_refusedAtItsStepInTheClassicBuildersWords() throws IOException {
        Result r = build(context("buildkit-flag", "FROM busybox\nRUN --mount=type=cache,target=/c echo hi\n"));
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.out()).contains("Step 2/2 : RUN --mount=type=cache,target=/c echo hi");
        assertThat(r.err()).contains("the --mount option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/"
                + " to learn how to build images with BuildKit enabled");
    }

    @Test
    void build_missingCopySource_failsWithDockerWording() throws IOException {
        Path ctx = context("missing", "FROM busybox\nCOPY nothere.txt /x\n");
        Result r = build(ctx);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("COPY failed: file not found in build context or excluded by .dockerignore: "
                + "stat nothere.txt: file does not exist");
    }

    private String imageId(String ref) {
        Result r = d.docker("image", "inspect", "--format", "{{.Id}}", ref);
        ok(r);
        return r.out().strip();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
