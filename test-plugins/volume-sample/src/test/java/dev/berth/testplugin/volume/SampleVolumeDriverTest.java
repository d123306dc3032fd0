package dev.berth.testplugin.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.spi.DriverContext;
import dev.berth.spi.volume.VolumeDriver;
import dev.berth.spi.volume.VolumeDriverContract;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A third-party driver passes the same contract as {@code local}, without root: its volumes are no mounts. */
class SampleVolumeDriverTest extends VolumeDriverContract {
    @TempDir
    Path dataRoot;

    @Override
    protected VolumeDriver createDriver() {
        return new SampleVolumeProvider().create(new DriverContext(dataRoot, dataRoot.resolve("exec"), Map.of()));
    }

    @Test
    void create_marksTheVolumeAsThisDriversUnderItsOwnDirectory() {
        String v = volumeName();
        driver.create(v, Map.of());
        assertThat(driver.path(v)).isEqualTo(dataRoot.resolve("sample-volumes").resolve(v));
        assertThat(driver.path(v).resolve(SampleVolumeDriver.MARKER)).isRegularFile();
    }
}
