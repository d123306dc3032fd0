package org.example.berth.dirvolume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.spi.DriverContext;
import dev.berth.spi.volume.VolumeDriver;
import dev.berth.spi.volume.VolumeDriverContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Berth's volume contract (from the spi test-jar) run against this driver, plus what is its own: the
 * {@code mode} option. No root needed: its volumes are plain directories, never mounts.
 */
class DirVolumeDriverTest extends VolumeDriverContract {
    @TempDir
    Path dataRoot;

    @Override
    protected VolumeDriver createDriver() {
        return new DirVolumeProvider().create(new DriverContext(dataRoot, dataRoot.resolve("exec"), Map.of()));
    }

    @Test
    void create_withMode_setsTheDataDirectorysPermissions() throws IOException {
        String v = volumeName();
        driver.create(v, Map.of("mode", "0750"));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(driver.path(v))));
    }
}
