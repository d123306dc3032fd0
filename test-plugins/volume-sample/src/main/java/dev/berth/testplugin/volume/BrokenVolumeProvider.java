package dev.berth.testplugin.volume;

import dev.berth.spi.DriverContext;
import dev.berth.spi.EngineException;
import dev.berth.spi.volume.VolumeDriver;
import dev.berth.spi.volume.VolumeProvider;

/** {@code broken}: a driver that cannot run here and says why, as a provider should. */
public final class BrokenVolumeProvider implements VolumeProvider {
    public static final String NAME = "broken";
    public static final String REASON = "broken volume driver: its storage backend is not configured";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public VolumeDriver create(DriverContext context) {
        throw EngineException.unavailable(REASON, null);
    }
}
