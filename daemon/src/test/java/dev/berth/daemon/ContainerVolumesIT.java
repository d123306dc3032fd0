package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Volumes in containers through the real docker CLI: named and anonymous volumes made at create,
 * their data kept across {@code rm} and a berthd kill -9, {@code run --rm} and {@code rm -v}
 * removing anonymous ones, copy-up of an image's {@code VOLUME}, the in-use 409, mount/unmount
 * events, and a third-party driver ({@code test-plugins/volume-sample}) end to end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300)
class ContainerVolumesIT {
    private BerthdProcess d;
    private Path pluginDir;
    private Path imageDir;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        pluginDir = Files.createTempDirectory("berth-it-cvol-plugins-");
        SamplePluginJar.writeTo(pluginDir.resolve("volume-sample.jar"));
        d = BerthdProcess.start("{\"plugin-dir\": \"" + pluginDir + "\"}");
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.removeAllContainers();
            d.close();
        }
        for (Path p : new Path[] {pluginDir, imageDir}) {
            if (p != null) {
                BerthdProcess.run(Duration.ofSeconds(30), "rm", "-rf", p.toString());
            }
        }
    }

    @Test
    void namedVolume_dataSurvivesRmAndKill9_seenByANewContainer() throws IOException {
        ok(d.docker("run", "--name", "cv-writer", "-v", "cv-data:/d", "busybox", "sh", "-c", "echo kept > /d/f"));
        assertThat(names()).contains("cv-data");
        ok(d.docker("rm", "cv-writer"));
        assertThat(names()).contains("cv-data");

        ok(d.docker("run", "-d", "--name", "cv-runner", "-v", "cv-data:/d", "busybox", "sleep", "600"));
        Result inUse = d.docker("volume", "rm", "cv-data");
        assertThat(inUse.exitCode()).isNotZero();
        assertThat(inUse.err()).contains("volume is in use");

        d.kill9();
        d.restart();
        assertThat(ok(d.docker("run", "--rm", "-v", "cv-data:/d", "busybox", "cat", "/d/f")).out()).isEqualTo("kept\n");
        // The running container kept its mount through the restart: it still sees (and writes) the data.
        assertThat(ok(d.docker("inspect", "--format", "{{.State.Running}}", "cv-runner")).out().strip()).isEqualTo("true");
        ok(d.docker("rm", "-f", "cv-runner"));
        ok(d.docker("volume", "rm", "cv-data"));
        assertThat(names()).doesNotContain("cv-data");
    }

    @Test
    void tmpfsVolume_ofARunningContainer_mountedExactlyOnceAfterKill9_unmountedAtRemoval() throws IOException {
        ok(d.docker("volume", "create", "--opt", "type=tmpfs", "--opt", "device=tmpfs", "--opt", "o=size=4m", "cv-tmp"));
        ok(d.docker("run", "-d", "--name", "cv-tmprun", "-v", "cv-tmp:/t", "busybox", "sh", "-c",
                "echo alive > /t/f; sleep 600"));
        String mountpoint = ok(d.docker("volume", "inspect", "--format", "{{.Mountpoint}}", "cv-tmp")).out().strip();
        assertThat(mountsAt(mountpoint)).isEqualTo(1);

        d.kill9();
        d.restart();
        assertThat(mountsAt(mountpoint)).isEqualTo(1);
        assertThat(Files.readString(Path.of(mountpoint, "f"))).isEqualTo("alive\n");

        ok(d.docker("rm", "-f", "cv-tmprun"));
        assertThat(mountsAt(mountpoint)).isZero();
        ok(d.docker("volume", "rm", "cv-tmp"));
    }

    private static long mountsAt(String mountpoint) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.split(" ")[4].equals(mountpoint)).count();
    }

    @Test
    void rmF_ofARunningContainer_keepsItsAnonymousVolume_rmFv_removesIt() {
        List<String> before = names();
        ok(d.docker("run", "-d", "--name", "cv-rmf", "-v", "/anon", "busybox", "sleep", "300"));
        List<String> withAnon = names();
        assertThat(withAnon).hasSize(before.size() + 1);
        ok(d.docker("rm", "-f", "cv-rmf"));
        assertThat(names()).as("docker rm -f without -v keeps anonymous volumes, as dockerd does").isEqualTo(withAnon);
        withAnon.stream().filter(n -> !before.contains(n)).forEach(n -> ok(d.docker("volume", "rm", n)));

        ok(d.docker("run", "-d", "--name", "cv-rmfv", "-v", "/anon", "busybox", "sleep", "300"));
        assertThat(names()).hasSize(before.size() + 1);
        ok(d.docker("rm", "-f", "-v", "cv-rmfv"));
        assertThat(names()).isEqualTo(before);
    }

    @Test
    void runRm_anonymousVolume_leavesNoVolume() {
        List<String> before = names();
        ok(d.docker("run", "--rm", "-v", "/scratch", "busybox", "sh", "-c", "echo x > /scratch/f"));
        assertThat(names()).isEqualTo(before);
    }

    @Test
    void rmV_removesAnonymousVolumesOnly_rmWithoutVKeepsThem() {
        List<String> before = names();
        ok(d.docker("create", "--name", "cv-rmv", "-v", "cv-named:/n", "-v", "/anon", "busybox", "true"));
        String inspected = ok(d.docker("inspect", "--format",
                "{{range .Mounts}}{{.Type}} {{.Name}} {{.Destination}} {{.Driver}} {{.RW}};{{end}}", "cv-rmv")).out();
        String anon = names().stream().filter(n -> !before.contains(n) && !n.equals("cv-named")).findFirst().orElseThrow();
        assertThat(anon).matches("[0-9a-f]{64}");
        assertThat(inspected.strip()).isEqualTo("volume " + anon + " /anon local true;volume cv-named /n local true;");
        ok(d.docker("rm", "-v", "cv-rmv"));
        assertThat(names()).contains("cv-named").doesNotContain(anon);

        ok(d.docker("create", "--name", "cv-rmkeep", "-v", "/anon", "busybox", "true"));
        List<String> withAnon = names();
        ok(d.docker("rm", "cv-rmkeep"));
        assertThat(names()).isEqualTo(withAnon);
        withAnon.stream().filter(n -> !before.contains(n)).forEach(n -> ok(d.docker("volume", "rm", n)));
    }

    @Test
    void imageVolume_copiedUpIntoTheNewVolume_ownersModesAndSymlinksKept() throws IOException {
        imageDir = Files.createTempDirectory("berth-it-cvol-image-");
        Path staging = Files.createDirectories(imageDir.resolve("staging/data"));
        Files.writeString(staging.resolve("file"), "from the image\n");
        Files.createSymbolicLink(staging.resolve("link"), Path.of("file"));
        Path tar = imageDir.resolve("image.tar");
        Files.copy(BerthdProcess.busyboxTar(), tar);
        for (String[] cmd : new String[][] {
                {"chown", "-h", "1000:1000", staging.resolve("file").toString(), staging.resolve("link").toString()},
                {"chmod", "640", staging.resolve("file").toString()},
                {"tar", "-rf", tar.toString(), "-C", imageDir.resolve("staging").toString(), "./data"}}) {
            ok(BerthdProcess.run(Duration.ofSeconds(30), cmd));
        }
        ok(d.docker("import", "--change", "VOLUME /data", tar.toString(), "cv-volimg"));

        String out = ok(d.docker("run", "--name", "cv-copyup", "cv-volimg", "sh", "-c",
                "cat /data/file; busybox stat -c '%u:%g %a' /data/file; busybox readlink /data/link; "
                        + "echo changed > /data/file")).out();
        assertThat(out).isEqualTo("from the image\n1000:1000 640\nfile\n");
        String volume = ok(d.docker("inspect", "--format", "{{range .Mounts}}{{.Name}}{{end}}", "cv-copyup")).out().strip();
        // Copy-up happens once: the volume is no longer empty, so a second container sees the change.
        assertThat(ok(d.docker("run", "--rm", "-v", volume + ":/data", "cv-volimg", "cat", "/data/file")).out())
                .isEqualTo("changed\n");
        ok(d.docker("rm", "-v", "cv-copyup"));
        assertThat(names()).doesNotContain(volume);
        // nocopy: the image's files stay out of a new volume.
        assertThat(ok(d.docker("run", "--rm", "-v", "cv-nocopy:/data:nocopy", "cv-volimg", "ls", "-A", "/data")).out())
                .isEmpty();
        ok(d.docker("volume", "rm", "cv-nocopy"));
        ok(d.docker("rmi", "cv-volimg"));
    }

    @Test
    void events_mountAndUnmount_ofAContainerRun() {
        String t0 = String.valueOf(Instant.now().getEpochSecond() - 1);
        ok(d.docker("run", "--rm", "-v", "cv-ev:/e", "busybox", "true"));
        Instant now = Instant.now();
        String until = now.getEpochSecond() + "." + String.format("%09d", now.getNano());
        List<String> events = ok(d.docker(Duration.ofSeconds(30), null, "events", "--since", t0, "--until", until,
                "--filter", "type=volume", "--filter", "volume=cv-ev", "--format", "{{.Action}} {{.Actor.ID}}"))
                .out().lines().toList();
        assertThat(events).containsSubsequence("create cv-ev", "mount cv-ev", "unmount cv-ev");
        ok(d.docker("volume", "rm", "cv-ev"));
    }

    @Test
    void thirdPartyDriver_volumeUsedByAContainer_dataInTheDriversDirectory() throws IOException {
        ok(d.docker("volume", "create", "-d", SamplePluginJar.SAMPLE, "cv-sample"));
        ok(d.docker("run", "--rm", "-v", "cv-sample:/x", "busybox", "sh", "-c", "echo third-party > /x/written"));
        String mountpoint = ok(d.docker("volume", "inspect", "--format", "{{.Mountpoint}}", "cv-sample")).out().strip();
        assertThat(mountpoint).startsWith(d.dataRoot().toString());
        assertThat(Files.readString(Path.of(mountpoint, "written"))).isEqualTo("third-party\n");
        ok(d.docker("volume", "rm", "cv-sample"));
        assertThat(Files.exists(Path.of(mountpoint))).isFalse();
    }

    @Test
    void volumeDriver_createsTheMissingVolumeWithThatDriver() {
        ok(d.docker("run", "--rm", "--volume-driver", SamplePluginJar.SAMPLE, "-v", "cv-vd:/x", "busybox", "true"));
        assertThat(ok(d.docker("volume", "inspect", "--format", "{{.Driver}}", "cv-vd")).out().strip())
                .isEqualTo(SamplePluginJar.SAMPLE);
        ok(d.docker("volume", "rm", "cv-vd"));
    }

    @Test
    void badVolumeName_refusedWithDockersWords_nothingLeft() {
        List<String> before = names();
        Result r = d.docker("run", "--rm", "-v", "/anon", "-v", "cv-ok:/ok", "-v", "bad/name:/x", "busybox", "true");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("create bad/name: \"bad/name\" includes invalid characters for a local volume name");
        assertThat(names()).isEqualTo(before);
    }

    @Test
    void mountTmpfs_sizeSeenByDf_listedInMounts() {
        ok(d.docker("run", "--name", "cv-tmpfs", "--mount", "type=tmpfs,destination=/t,tmpfs-size=8m,tmpfs-mode=1770",
                "busybox", "sh", "-c", "busybox df -k /t | busybox tail -n 1; busybox stat -c %a /t"));
        String out = ok(d.docker("logs", "cv-tmpfs")).out();
        assertThat(out.lines().toList().get(0)).matches("tmpfs\\s+8192\\s+.*/t");
        assertThat(out.lines().toList().get(1)).isEqualTo("1770");
        assertThat(ok(d.docker("inspect", "--format", "{{range .Mounts}}{{.Type}} {{.Destination}}{{end}}", "cv-tmpfs"))
                .out().strip()).isEqualTo("tmpfs /t");
        assertThat(ok(d.docker("inspect", "--format", "{{json .HostConfig.Mounts}}", "cv-tmpfs")).out().strip())
                .isEqualTo("[{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":8388608,\"Mode\":1016}}]");
        ok(d.docker("rm", "cv-tmpfs"));
    }

    @Test
    void mountBind_missingSourceRefused_dashVCreatesIt() throws IOException {
        Path dir = Files.createTempDirectory("berth-it-cvol-bind-");
        try {
            Path missing = dir.resolve("missing");
            Result r = d.docker("run", "--rm", "--mount", "type=bind,source=" + missing + ",target=/x", "busybox", "true");
            assertThat(r.exitCode()).isEqualTo(125);
            assertThat(r.err()).contains("invalid mount config for type \"bind\": bind source path does not exist: " + missing);
            assertThat(Files.exists(missing)).isFalse();

            ok(d.docker("run", "--rm", "-v", missing + ":/x", "busybox", "sh", "-c", "echo made > /x/f"));
            assertThat(Files.readString(missing.resolve("f"))).isEqualTo("made\n");

            ok(d.docker("run", "--rm", "--mount", "type=bind,source=" + missing + ",target=/x,readonly", "busybox",
                    "cat", "/x/f"));
            Result ro = d.docker("run", "--rm", "--mount", "type=bind,source=" + missing + ",target=/x,readonly",
                    "busybox", "touch", "/x/g");
            assertThat(ro.exitCode()).isNotZero();
        } finally {
            BerthdProcess.run(Duration.ofSeconds(30), "rm", "-rf", dir.toString());
        }
    }

    @Test
    void mountVolume_withDriverOptions_madeWithThem_nocopyKept() {
        ok(d.docker("run", "--rm", "--mount", "type=volume,source=cv-mopt,target=/m,volume-opt=type=tmpfs,"
                + "volume-opt=device=tmpfs,volume-opt=o=size=4m", "busybox", "sh", "-c", "busybox df -k /m | busybox tail -n 1"));
        assertThat(ok(d.docker("volume", "inspect", "--format", "{{.Options.type}} {{.Options.o}}", "cv-mopt")).out().strip())
                .isEqualTo("tmpfs size=4m");
        ok(d.docker("volume", "rm", "cv-mopt"));
    }

    @Test
    void volumesFrom_sharesTheOthersVolumes_readOnlyWhenAsked() {
        ok(d.docker("create", "--name", "cv-from", "-v", "cv-shared:/s", "busybox", "true"));
        ok(d.docker("run", "--rm", "--volumes-from", "cv-from", "busybox", "sh", "-c", "echo via > /s/f"));
        assertThat(ok(d.docker("run", "--rm", "-v", "cv-shared:/s", "busybox", "cat", "/s/f")).out()).isEqualTo("via\n");
        Result ro = d.docker("run", "--rm", "--volumes-from", "cv-from:ro", "busybox", "touch", "/s/g");
        assertThat(ro.exitCode()).isNotZero();
        ok(d.docker("rm", "cv-from"));
        ok(d.docker("volume", "rm", "cv-shared"));
    }

    private List<String> names() {
        return ok(d.docker("volume", "ls", "-q")).out().lines().map(String::strip).filter(s -> !s.isEmpty()).sorted()
                .toList();
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
