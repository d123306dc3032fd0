package dev.berth.spi.volume;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.spi.ContractAssertions;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VolumeDriver} must do, seen through the files a container would see. A driver's
 * test extends this and says how to make a driver (a fresh instance over the same data root each
 * call, for restore) and, when its volumes can be mounts of their own, under which options: then the
 * mount cases also count the mounts on the volume's path in {@code /proc/self/mountinfo}.
 *
 * <p>Every volume made here is unmounted for every caller used and removed in {@link #cleanUp()},
 * also when a test fails.
 */
public abstract class VolumeDriverContract {

    protected VolumeDriver driver;
    private final List<VolumeDriver> drivers = new ArrayList<>();
    private final Set<String> names = new LinkedHashSet<>();
    private final Set<String> callers = new LinkedHashSet<>();

    /** A new driver over this test class's data root. */
    protected abstract VolumeDriver createDriver();

    /**
     * Options that make a volume's data a mount of its own (the local driver: a tmpfs), or null when
     * this driver's volumes are never mounts.
     */
    protected Map<String, String> mountedOptions() {
        return null;
    }

    /** An option this driver does not take. */
    protected Map<String, String> unknownOption() {
        return Map.of("berth-contract-no-such-option", "1");
    }

    @BeforeEach
    void setUpDriver() {
        driver = newDriver();
    }

    @AfterEach
    void cleanUp() {
        for (String name : names) {
            for (String caller : callers) {
                try {
                    driver.unmount(name, caller);
                } catch (RuntimeException e) {
                    // best effort: remove below undoes the volume's own mount too
                }
            }
            try {
                driver.remove(name);
            } catch (RuntimeException e) {
                // best effort; the subclass sweeps its data root
            }
        }
        drivers.forEach(VolumeDriver::close);
        drivers.clear();
    }

    protected VolumeDriver newDriver() {
        VolumeDriver d = createDriver();
        drivers.add(d);
        return d;
    }

    /** A fresh volume name, removed after the test. */
    protected String volumeName() {
        byte[] b = new byte[5];
        new SecureRandom().nextBytes(b);
        String name = "vc-" + HexFormat.of().formatHex(b);
        names.add(name);
        return name;
    }

    /** A fresh caller (container) id, unmounted after the test. */
    protected String callerId() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        callers.add(id);
        return id;
    }

    /** How many mounts sit exactly on {@code path}. */
    protected static long mountsAt(Path path) {
        String want;
        try {
            want = path.toRealPath().toString();
        } catch (IOException e) {
            want = path.toAbsolutePath().normalize().toString();
        }
        try {
            String target = want;
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(l -> l.split(" ")[4].replace("\\040", " "))
                    .filter(target::equals)
                    .count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path dir, String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text);
    }

    @Test
    void mount_writeUnmountMountAgain_dataKept() throws IOException {
        String v = volumeName();
        String c = callerId();
        driver.create(v, Map.of());
        Path p = driver.mount(v, c);
        assertTrue(Files.isDirectory(p));
        write(p, "hello.txt", "hi");
        driver.unmount(v, c);

        Path again = driver.mount(v, callerId());
        assertEquals(p, again);
        assertEquals(driver.path(v), again);
        ContractAssertions.assertContent("hi", again.resolve("hello.txt"));
    }

    @Test
    void mount_twoCallers_onePathDataStaysUntilTheLastUnmount() throws IOException {
        String v = volumeName();
        String c1 = callerId();
        String c2 = callerId();
        driver.create(v, Map.of());
        Path p1 = driver.mount(v, c1);
        Path p2 = driver.mount(v, c2);
        assertEquals(p1, p2);
        write(p1, "shared.txt", "both");
        driver.unmount(v, c1);
        ContractAssertions.assertContent("both", p2.resolve("shared.txt"));
        driver.unmount(v, c2);
    }

    @Test
    void mount_ofAMountedVolume_oneMountForAllCallersGoneAfterTheLast() throws IOException {
        Map<String, String> options = mountedOptions();
        String v = volumeName();
        String c1 = callerId();
        String c2 = callerId();
        driver.create(v, options == null ? Map.of() : options);
        Path p = driver.mount(v, c1);
        driver.mount(v, c1);
        driver.mount(v, c2);
        write(p, "f", "x");
        long expected = options == null ? 0 : 1;
        assertEquals(expected, mountsAt(p), String.format("mounts on %s with two callers", p));
        driver.unmount(v, c1);
        assertEquals(expected, mountsAt(p), "after the first caller left");
        ContractAssertions.assertContent("x", p.resolve("f"));
        driver.unmount(v, c2);
        assertEquals(0, mountsAt(p), "after the last caller left");
    }

    @Test
    void createUnmountRemove_repeated_idempotent() {
        String v = volumeName();
        String c = callerId();
        driver.create(v, Map.of());
        driver.create(v, Map.of());
        driver.unmount(v, callerId()); // never mounted
        Path p = driver.mount(v, c);
        driver.unmount(v, c);
        driver.unmount(v, c);
        driver.remove(v);
        driver.remove(v);
        driver.remove(volumeName()); // never made
        driver.unmount(volumeName(), c);
        assertFalse(Files.exists(p));
    }

    @Test
    void remove_deletesTheData_volumeGone() throws IOException {
        String v = volumeName();
        String c = callerId();
        driver.create(v, Map.of());
        Path p = driver.mount(v, c);
        write(p, "data.bin", "payload");
        driver.unmount(v, c);
        driver.remove(v);

        assertFalse(Files.exists(p.resolve("data.bin")));
        {
            EngineException e = assertThrows(EngineException.class, () -> driver.mount(v, c));
            assertEquals(ErrorKind.NOT_FOUND, e.kind());
        }
        driver.create(v, Map.of());
        assertFalse(Files.exists(driver.mount(v, c).resolve("data.bin")));
    }

    @Test
    void mount_unknownVolume_notFound() {
        String v = volumeName();
        {
            EngineException e = assertThrows(EngineException.class, () -> driver.mount(v, callerId()));
            assertEquals(ErrorKind.NOT_FOUND, e.kind());
        }
    }

    @Test
    void create_unknownOption_invalidArgumentAndNothingMade() {
        String v = volumeName();
        {
            EngineException e = assertThrows(EngineException.class, () -> driver.create(v, unknownOption()));
            assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        }
        assertFalse(Files.exists(driver.path(v)));
        assertThrows(EngineException.class, () -> driver.mount(v, callerId()));

        VolumeDriver next = newDriver();
        next.restore(Map.of(), Map.of());
        {
            EngineException e = assertThrows(EngineException.class, () -> next.mount(v, callerId()));
            assertEquals(ErrorKind.NOT_FOUND, e.kind());
        }
    }

    @Test
    void restore_newInstance_dataKeptListedCallersKeptOthersForgotten() throws IOException {
        String v = volumeName();
        String kept = callerId();
        String gone = callerId();
        driver.create(v, Map.of());
        Path p = driver.mount(v, kept);
        driver.mount(v, gone);
        write(p, "survivor.txt", "still here");

        // the old instance is dropped without unmounting, as a killed daemon leaves it
        driver = newDriver();
        driver.restore(Map.of(v, Map.of()), Map.of(v, List.of(kept)));
        assertEquals(p, driver.path(v));
        ContractAssertions.assertContent("still here", p.resolve("survivor.txt"));
        driver.unmount(v, gone);
        assertEquals(p, driver.mount(v, kept));
        driver.unmount(v, kept);
        ContractAssertions.assertContent("still here", driver.mount(v, callerId()).resolve("survivor.txt"));
    }

    @Test
    void restore_mountedVolume_mountedOnceForListedCallersNoneForOthers() throws IOException {
        Map<String, String> options = mountedOptions() == null ? Map.of() : mountedOptions();
        long one = mountedOptions() == null ? 0 : 1;
        String used = volumeName();
        String idle = volumeName();
        String kept = callerId();
        String gone = callerId();
        driver.create(used, options);
        driver.create(idle, options);
        Path usedPath = driver.mount(used, kept);
        driver.mount(used, gone);
        Path idlePath = driver.mount(idle, gone);

        driver = newDriver();
        driver.restore(Map.of(used, options, idle, options), Map.of(used, List.of(kept)));
        assertEquals(one, mountsAt(usedPath), "a volume in use, restored");
        assertEquals(0, mountsAt(idlePath), "a volume nobody listed uses");
        driver.unmount(used, gone);
        assertEquals(one, mountsAt(usedPath), "a forgotten caller's unmount");
        driver.unmount(used, kept);
        assertEquals(0, mountsAt(usedPath), "the listed caller's unmount");
    }

    @Test
    void restore_listedVolumeWithoutStorage_madeAgain() throws IOException {
        String v = volumeName();
        driver.restore(Map.of(v, Map.of()), Map.of());
        Path p = driver.mount(v, callerId());
        assertTrue(Files.isDirectory(p));
        write(p, "new.txt", "ok");
    }
}
