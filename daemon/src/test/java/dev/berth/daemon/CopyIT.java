package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker cp}, {@code diff} and {@code export} through the real docker CLI (and {@code berth}'s own). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300)
class CopyIT {
    private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();
    private static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\n";

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

    @Test
    void running_copyInAndOut_fileAndDirectory() throws IOException {
        ok(d.docker("run", "-d", "--name", "run1", "busybox", "sleep", "300"));
        Path local = Files.writeString(dir.resolve("in.txt"), "hello cp\n");
        ok(d.docker("cp", local.toString(), "run1:/root/"));
        ok(d.docker("cp", local.toString(), "run1:/tmp/renamed.txt"));
        Path out = Files.createDirectories(dir.resolve("out"));
        ok(d.docker("cp", "run1:/root/in.txt", out.resolve("back.txt").toString()));
        assertThat(out.resolve("back.txt")).hasContent("hello cp");
        ok(d.docker("cp", "run1:/tmp", out.toString()));
        assertThat(out.resolve("tmp/renamed.txt")).hasContent("hello cp");
        assertThat(ok(d.docker("cp", "run1:/etc/passwd", "-")).out()).contains(PASSWD);
        String until = Long.toString(Instant.now().getEpochSecond() + 1);
        Result events = ok(d.docker("events", "--since", "5m", "--until", until, "--filter", "container=run1",
                "--format", "{{.Action}}"));
        assertThat(events.out().lines().filter(l -> !l.startsWith("exec")).toList())
                .containsSubsequence("start", "extract-to-dir", "extract-to-dir", "archive-path", "archive-path");
    }

    @Test
    void stopped_andCreated_copyBothWays_overlayUnmountedAfter() throws IOException {
        ok(d.docker("create", "--name", "made", "busybox", "true"));
        ok(d.docker("run", "--name", "ran", "busybox", "true"));
        Path local = Files.writeString(dir.resolve("s.txt"), "stopped\n");
        for (String name : List.of("made", "ran")) {
            ok(d.docker("cp", local.toString(), name + ":/s.txt"));
            Path back = dir.resolve(name + ".txt");
            ok(d.docker("cp", name + ":/s.txt", back.toString()));
            assertThat(back).hasContent("stopped");
            String id = ok(d.docker("inspect", "-f", "{{.Id}}", name)).out().strip();
            assertThat(Files.readString(Path.of("/proc/self/mountinfo")))
                    .doesNotContain(d.dataRoot().resolve("containers").resolve(id).resolve("rootfs").toString());
        }
        ok(d.docker("start", "-a", "made"));
    }

    @Test
    void archiveMode_ownsCopiesByTheContainerUser_elseKeepsTheArchives() throws IOException {
        ok(d.docker("create", "--name", "own", "-u", "nobody", "busybox", "true"));
        Path local = Files.writeString(dir.resolve("o.txt"), "owned");
        Files.setAttribute(local, "unix:uid", 1234);
        ok(d.docker("cp", "-a", local.toString(), "own:/tmp/a.txt"));
        ok(d.docker("cp", local.toString(), "own:/tmp/plain.txt"));
        assertThat(owner("own", "/tmp/a.txt")).isEqualTo(65534);
        assertThat(owner("own", "/tmp/plain.txt")).isEqualTo(1234);
    }

    /** The uid of a path as its archive from the container says. */
    private int owner(String container, String path) throws IOException {
        Path out = dir.resolve("owner.tar");
        Result r = ok(d.docker("cp", container + ":" + path, "-"));
        Files.write(out, r.out().getBytes(StandardCharsets.ISO_8859_1));
        try (var in = new TarArchiveInputStream(Files.newInputStream(out))) {
            return (int) in.getNextEntry().getLongUserId();
        }
    }

    @Test
    void missingParent_dockersNotFound_unknownContainer() throws IOException {
        ok(d.docker("create", "--name", "mp", "busybox", "true"));
        Path local = Files.writeString(dir.resolve("m.txt"), "m");
        Result r = d.docker("cp", local.toString(), "mp:/missing/dir/m.txt");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Could not find the file /missing/dir in container mp");
        Result out = d.docker("cp", "mp:/nope", dir.toString());
        assertThat(out.err()).contains("Could not find the file /nope in container mp");
        assertThat(d.docker("cp", "nosuch:/etc", dir.toString()).err()).contains("No such container");
    }

    @Test
    void bindMount_copiesReachHostSource_runningAndStopped_readOnlyRefused() throws IOException {
        Path bind = Files.createDirectories(dir.resolve("bind"));
        Path ro = Files.createDirectories(dir.resolve("ro"));
        Files.writeString(bind.resolve("host.txt"), "from host");
        ok(d.docker("run", "-d", "--name", "b1", "-v", bind + ":/data", "-v", ro + ":/ro:ro", "busybox", "sleep", "300"));
        Path local = Files.writeString(dir.resolve("b.txt"), "into bind");
        ok(d.docker("cp", local.toString(), "b1:/data/"));
        assertThat(bind.resolve("b.txt")).hasContent("into bind");
        assertThat(ok(d.docker("cp", "b1:/data/host.txt", "-")).out()).contains("from host");
        Result refused = d.docker("cp", local.toString(), "b1:/ro/");
        assertThat(refused.err()).contains("mounted volume is marked read-only");
        assertThat(ro).isEmptyDirectory();
        ok(d.docker("stop", "-t", "0", "b1"));
        Files.writeString(local, "stopped bind");
        ok(d.docker("cp", local.toString(), "b1:/data/b2.txt"));
        assertThat(bind.resolve("b2.txt")).hasContent("stopped bind");
    }

    @Test
    void namedVolume_copiesReachTheVolume_runningAndStopped_subpath_readOnlyRefused() throws IOException {
        Path local = Files.writeString(dir.resolve("v.txt"), "into volume");
        ok(d.docker("run", "-d", "--name", "v1", "-v", "cp-vol:/data", "-v", "cp-ro:/ro:ro", "busybox", "sh", "-c",
                "mkdir -p /data/sub && echo from-container > /data/c.txt && sleep 300"));
        waitFor(() -> d.docker("cp", "v1:/data/c.txt", "-").out().contains("from-container"));
        ok(d.docker("cp", local.toString(), "v1:/data/"));
        // the container sees what was copied into its volume, and so does the next container of the volume
        assertThat(ok(d.docker("exec", "v1", "cat", "/data/v.txt")).out()).isEqualTo("into volume");
        Result refused = d.docker("cp", local.toString(), "v1:/ro/");
        assertThat(refused.err()).contains("mounted volume is marked read-only");
        ok(d.docker("stop", "-t", "0", "v1"));
        Files.writeString(local, "stopped volume");
        ok(d.docker("cp", local.toString(), "v1:/data/sub/v2.txt"));
        assertThat(ok(d.docker("run", "--rm", "-v", "cp-vol:/d", "busybox", "cat", "/d/sub/v2.txt")).out())
                .isEqualTo("stopped volume");
        // a subpath mount: the copy lands in the subpath
        ok(d.docker("create", "--name", "v2", "--mount", "src=cp-vol,dst=/s,volume-subpath=sub", "busybox", "true"));
        ok(d.docker("cp", local.toString(), "v2:/s/v3.txt"));
        assertThat(ok(d.docker("run", "--rm", "-v", "cp-vol:/d", "busybox", "ls", "/d/sub")).out())
                .isEqualTo("v2.txt\nv3.txt\n");
        d.removeAllContainers();
        ok(d.docker("volume", "rm", "cp-vol", "cp-ro"));
    }

    @Test
    void stoppedContainer_aVolumeItsDriverMountsOnUse_mountedForTheCopy() throws IOException {
        // local with type=none,o=bind: the data is the device's, there only while the volume is mounted
        Path device = Files.createDirectories(dir.resolve("device"));
        Files.writeString(device.resolve("h.txt"), "on the device");
        ok(d.docker("volume", "create", "--opt", "type=none", "--opt", "o=bind", "--opt", "device=" + device, "cp-bindvol"));
        ok(d.docker("create", "--name", "sv", "-v", "cp-bindvol:/d", "busybox", "true"));
        assertThat(ok(d.docker("cp", "sv:/d/h.txt", "-")).out()).contains("on the device");
        Path local = Files.writeString(dir.resolve("s.txt"), "copied while stopped");
        ok(d.docker("cp", local.toString(), "sv:/d/"));
        assertThat(device.resolve("s.txt")).hasContent("copied while stopped");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).as("unmounted after the copy")
                .doesNotContain(device.toString());
        d.removeAllContainers();
        ok(d.docker("volume", "rm", "cp-bindvol"));
    }

    @Test
    void runningTmpfs_reachedThroughTheContainer() throws IOException {
        ok(d.docker("run", "-d", "--name", "t1", "--tmpfs", "/scratch", "busybox", "sh", "-c",
                "echo in-tmpfs > /scratch/t; sleep 300"));
        waitFor(() -> d.docker("cp", "t1:/scratch/t", "-").out().contains("in-tmpfs"));
    }

    @Test
    void symlinksPointingOutOfTheRoot_stayInside_readsAndWrites() throws IOException {
        String marker = "berth-cp-escape-" + ProcessHandle.current().pid();
        ok(d.docker("create", "--name", "sl", "busybox", "true"));
        Path links = tar(List.of(symlink("up", "../../../../../../.."), symlink("abs", "/"),
                symlink("hostetc", "/etc")));
        ok(d.dockerStdin(links, "cp", "-", "sl:/root"));
        Path local = Files.writeString(dir.resolve(marker), "contained");
        ok(d.docker("cp", local.toString(), "sl:/root/up/tmp/"));
        ok(d.docker("cp", local.toString(), "sl:/root/abs/"));
        assertThat(Path.of("/tmp", marker)).doesNotExist();
        assertThat(Path.of("/", marker)).doesNotExist();
        assertThat(ok(d.docker("cp", "sl:/tmp/" + marker, "-")).out()).contains("contained");
        assertThat(ok(d.docker("cp", "sl:/" + marker, "-")).out()).contains("contained");
        assertThat(ok(d.docker("cp", "sl:/root/hostetc/passwd", "-")).out()).contains(PASSWD)
                .doesNotContain("daemon:");
        Path followed = dir.resolve("followed");
        ok(d.docker("cp", "-L", "sl:/root/hostetc", followed.toString()));
        assertThat(followed.resolve("passwd")).hasContent(PASSWD + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false");
    }

    @Test
    void hostileArchives_refused_nothingWrittenOutside() throws IOException {
        ok(d.docker("create", "--name", "ha", "busybox", "true"));
        String marker = "berth-hostile-" + ProcessHandle.current().pid();
        Result dotdot = d.dockerStdin(tar(List.of(file("../../../../tmp/" + marker, "x"))), "cp", "-", "ha:/root");
        assertThat(dotdot.exitCode()).isEqualTo(1);
        assertThat(dotdot.err()).contains("is outside of");
        Result device = d.dockerStdin(tar(List.of(device("null"))), "cp", "-", "ha:/root");
        assertThat(device.err()).contains("device node");
        ok(d.dockerStdin(tar(List.of(symlink("l", "/tmp"), file("l/" + marker, "through link"),
                file("/tmp/" + marker + "-abs", "absolute"))), "cp", "-", "ha:/root"));
        assertThat(Path.of("/tmp", marker)).doesNotExist();
        assertThat(Path.of("/tmp", marker + "-abs")).doesNotExist();
        // a link the archive made resolves from the container's root, as in dockerd's chroot
        assertThat(ok(d.docker("cp", "ha:/tmp/" + marker, "-")).out()).contains("through link");
        assertThat(ok(d.docker("cp", "ha:/root/tmp/" + marker + "-abs", "-")).out()).contains("absolute");
        byte[] whole = Files.readAllBytes(tar(List.of(file("big", "y".repeat(100_000)))));
        Path truncated = Files.write(dir.resolve("trunc.tar"), Arrays.copyOf(whole, 30_000));
        assertThat(d.dockerStdin(truncated, "cp", "-", "ha:/root").exitCode()).isNotZero();
        ok(d.docker("start", "-a", "ha")); // the container is unharmed
    }

    @Test
    void diff_afterChanges_andExport_listsTheRootfs() throws IOException {
        ok(d.docker("run", "--name", "df", "busybox", "sh", "-c", "rm /etc/group; echo x > /root/new"));
        Path local = Files.writeString(dir.resolve("d.txt"), "d");
        ok(d.docker("cp", local.toString(), "df:/tmp/"));
        assertThat(ok(d.docker("diff", "df")).out().lines().toList())
                .containsExactly("C /etc", "D /etc/group", "C /root", "A /root/new", "C /tmp", "A /tmp/d.txt");
        Path exported = dir.resolve("df.tar");
        ok(d.docker("export", "-o", exported.toString(), "df"));
        Result list = BerthdProcess.run(Duration.ofSeconds(30), "tar", "tf", exported.toString());
        assertThat(list.out().lines().toList()).contains("bin/busybox", "etc/passwd", "root/new", "tmp/d.txt")
                .doesNotContain("etc/group");
    }

    @Test
    void berthCli_cpDiffExport() throws IOException {
        ok(d.docker("create", "--name", "bc", "busybox", "true"));
        Path local = Files.writeString(dir.resolve("berth.txt"), "by berth");
        ok(berth("cp", local.toString(), "bc:/root/"));
        Path back = dir.resolve("back");
        ok(berth("cp", "bc:/root", back.toString()));
        assertThat(back.resolve("berth.txt")).hasContent("by berth");
        assertThat(ok(berth("diff", "bc")).out()).isEqualTo("C /root\nA /root/berth.txt\n");
        Path exported = dir.resolve("bc.tar");
        ok(berth("export", "-o", exported.toString(), "bc"));
        assertThat(BerthdProcess.run(Duration.ofSeconds(30), "tar", "tf", exported.toString()).out())
                .contains("root/berth.txt");
        Result missing = berth("cp", local.toString(), "bc:/missing/x");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("Error response from daemon: Could not find the file /missing in container bc");
    }

    // ---------------------------------------------------------------- helpers

    private Result berth(String... args) {
        List<String> cmd = new ArrayList<>(List.of(BERTH.toString(), "-H", d.host()));
        cmd.addAll(List.of(args));
        return BerthdProcess.run(Duration.ofSeconds(60), cmd.toArray(String[]::new));
    }

    private interface Check {
        boolean holds() throws IOException;
    }

    private static void waitFor(Check check) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** One tar entry and its content (empty but for files). */
    private record Item(TarArchiveEntry entry, byte[] content) {}

    private static Item symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        e.setLinkName(target);
        e.setMode(0120777);
        return new Item(e, new byte[0]);
    }

    private static Item file(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setMode(0100644);
        e.setSize(bytes.length);
        return new Item(e, bytes);
    }

    private static Item device(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
        e.setDevMajor(1);
        e.setDevMinor(3);
        e.setMode(020666);
        return new Item(e, new byte[0]);
    }

    /** A tar of the entries written exactly as given, hostile names included. */
    private Path tar(List<Item> items) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Item i : items) {
                out.putArchiveEntry(i.entry());
                out.write(i.content());
                out.closeArchiveEntry();
            }
        }
        return Files.write(Files.createTempFile(dir, "upload", ".tar"), bytes.toByteArray());
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
