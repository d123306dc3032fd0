package dev.berth.driver.local;

import dev.berth.spi.DriverContext;
import dev.berth.spi.volume.VolumeDriver;
import dev.berth.spi.volume.VolumeProvider;

/** The {@code local} volume driver: directories under the data root, or what dockerd's options mount there. */
public final class LocalVolumeProvider implements VolumeProvider {
    static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public VolumeDriver create(DriverContext context) {
        return new LocalVolumeDriver(context.dataRoot(), new HostMounts());
    }
}
