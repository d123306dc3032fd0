package dev.berth.driver.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.spi.DriverContext;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.volume.VolumeDriver;
import dev.berth.spi.volume.VolumeDriverContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The volume contract on real mounts (tmpfs, bind), plus what only the local driver does. Needs root
 * and util-linux mount; fails otherwise. Everything lives under one temp data root, unmounted and
 * deleted at the end.
 */
class LocalVolumeDriverIT extends VolumeDriverContract {
    private static final Map<String, String> TMPFS = Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=8m");

    private static Path base;

    @BeforeAll
    static void setUpRoot() throws IOException {
        assertEquals("0", Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[2], "needs root");
        base = Files.createTempDirectory(Path.of("/tmp"), "lv");
    }

    @AfterAll
    static void sweep() throws IOException {
        HostMounts mounts = new HostMounts();
        for (String m : mounts.mountsUnder(base)) {
            mounts.unmount(Path.of(m));
        }
        Trees.delete(base);
    }

    @Override
    protected VolumeDriver createDriver() {
        return new LocalVolumeProvider().create(new DriverContext(base.resolve("data"), base.resolve("exec"), Map.of()));
    }

    @Override
    protected Map<String, String> mountedOptions() {
        return TMPFS;
    }

    @Test
    void create_plain_dockerdsLayoutUnderTheDataRoot() {
        String v = volumeName();
        driver.create(v, Map.of());
        assertThat(driver.path(v)).isEqualTo(base.resolve("data/volumes").resolve(v).resolve("_data")).isDirectory();
    }

    @Test
    void restore_unlistedVolume_goneWhenNeverUsed_keptWhenItHoldsData() throws IOException {
        String empty = volumeName();
        String used = volumeName();
        driver.create(empty, Map.of());
        driver.create(used, Map.of());
        Files.writeString(driver.path(used).resolve("keep"), "data");

        // the journal lists neither: berthd was killed before journaling their creates
        VolumeDriver next = createDriver();
        next.restore(Map.of(), Map.of());

        assertThat(base.resolve("data/volumes").resolve(empty)).doesNotExist();
        assertThat(base.resolve("data/volumes").resolve(used).resolve("_data/keep")).hasContent("data");
    }

    @Test
    void restore_halfMadeVolumeDirectory_withoutData_gone() throws IOException {
        // a create killed between making the volume's directory and its _data (CrashChurnIT saw one)
        String half = volumeName();
        Path dir = Files.createDirectories(base.resolve("data/volumes").resolve(half));

        createDriver().restore(Map.of(), Map.of());

        assertThat(dir).doesNotExist();
    }

    @Test
    void mount_tmpfs_sizeAndUidHonoured() throws IOException {
        String v = volumeName();
        driver.create(v, Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=16m,uid=1000"));
        Path p = driver.mount(v, callerId());
        assertThat(Files.getFileStore(p).type()).isEqualTo("tmpfs");
        assertThat(Files.getFileStore(p).getTotalSpace()).isEqualTo(16L << 20);
        assertThat(Files.getAttribute(p, "unix:uid")).isEqualTo(1000);
    }

    @Test
    void unmount_lastCallerOfTmpfs_dataGoneAsInDockerd() throws IOException {
        String v = volumeName();
        String c = callerId();
        driver.create(v, TMPFS);
        Path p = driver.mount(v, c);
        Files.writeString(p.resolve("f"), "x");
        driver.unmount(v, c);
        assertThat(p.resolve("f")).doesNotExist();
        assertThat(driver.size(v)).isZero();
    }

    @Test
    void mount_bindOfAnExistingHostDirectory_sharedBothWaysHostKeptOnRemove() throws IOException {
        Path host = Files.createDirectories(base.resolve("host-" + volumeName()));
        Files.writeString(host.resolve("from-host"), "h");
        String v = volumeName();
        String c = callerId();
        driver.create(v, Map.of("type", "none", "o", "bind", "device", host.toString()));
        Path p = driver.mount(v, c);
        assertThat(p.resolve("from-host")).hasContent("h");
        Files.writeString(p.resolve("from-volume"), "v");
        assertThat(host.resolve("from-volume")).hasContent("v");
        assertThat(driver.size(v)).isEqualTo(2);

        driver.remove(v);
        assertThat(mountsAt(p)).isZero();
        assertThat(host.resolve("from-host")).hasContent("h");
        assertThat(host.resolve("from-volume")).hasContent("v");
    }

    @Test
    void mount_bindOfAMissingDirectory_dockerdsErrorNothingMounted() {
        String v = volumeName();
        Path missing = base.resolve("no-such-dir");
        driver.create(v, Map.of("type", "none", "o", "bind", "device", missing.toString()));
        assertThatThrownBy(() -> driver.mount(v, callerId()))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessage("failed to mount local volume: mount " + missing + ":" + driver.path(v)
                        + ", flags: 0x1000: no such file or directory");
        assertThat(mountsAt(driver.path(v))).isZero();
    }

    @Test
    void mount_optionTheFilesystemRefuses_failsAtMountNamingItsData() {
        String v = volumeName();
        driver.create(v, Map.of("type", "tmpfs", "device", "tmpfs", "o", "nosuchopt=1"));
        assertThatThrownBy(() -> driver.mount(v, callerId())).isInstanceOf(EngineException.class)
                .hasMessageStartingWith("failed to mount local volume: mount tmpfs:" + driver.path(v)
                        + ", data: nosuchopt=1: ");
        assertThat(mountsAt(driver.path(v))).isZero();
    }

    @Test
    void create_badOptions_refusedAndNoDirectoryLeft() {
        String v = volumeName();
        for (Map<String, String> bad : List.of(Map.of("type", "tmpfs"), Map.of("size", "lots"),
                Map.of("type", "tmpfs", "device", "tmpfs", "flavour", "x"))) {
            assertThatThrownBy(() -> driver.create(v, bad)).isInstanceOfSatisfying(EngineException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        }
        assertThat(base.resolve("data/volumes").resolve(v)).doesNotExist();
    }

    @Test
    void newDriverInstance_withoutRestore_knowsVolumesAndOptionsFromDisk() throws IOException {
        String plain = volumeName();
        String tmpfs = volumeName();
        driver.create(plain, Map.of());
        driver.create(tmpfs, TMPFS);
        Files.writeString(driver.mount(plain, callerId()).resolve("kept"), "yes");

        driver = newDriver();
        assertThat(driver.mount(plain, callerId()).resolve("kept")).hasContent("yes");
        Path p = driver.mount(tmpfs, callerId());
        assertThat(Files.getFileStore(p).type()).isEqualTo("tmpfs");
    }

    @Test
    void restore_oneVolumeCannotMount_othersRestoredFailureNamed() {
        String bad = volumeName();
        String good = volumeName();
        String c = callerId();
        Map<String, String> missingBind = Map.of("type", "none", "o", "bind",
                "device", base.resolve("gone").toString());
        driver.restore(Map.of(good, TMPFS), Map.of(good, List.of(c)));
        driver = newDriver();
        assertThatThrownBy(() -> driver.restore(Map.of(bad, missingBind, good, TMPFS),
                Map.of(bad, List.of(c), good, List.of(c))))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining(bad + ": failed to mount local volume: mount " + base.resolve("gone"))
                .hasMessageNotContaining(good);
        assertThat(mountsAt(driver.path(good))).isEqualTo(1);
        assertThat(mountsAt(driver.path(bad))).isZero();
    }

    @Test
    void size_bytesUnderData() throws IOException {
        String v = volumeName();
        driver.create(v, Map.of());
        Path p = driver.mount(v, callerId());
        Files.write(p.resolve("a"), new byte[1000]);
        Files.createDirectories(p.resolve("sub"));
        Files.write(p.resolve("sub/b"), new byte[24]);
        Files.createLink(p.resolve("sub/a-again"), p.resolve("a"));
        assertThat(driver.size(v)).isEqualTo(1024);
    }
}
