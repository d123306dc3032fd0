package dev.berth.testplugin.volume;

import dev.berth.spi.DriverContext;
import dev.berth.spi.volume.VolumeDriver;
import dev.berth.spi.volume.VolumeProvider;

/** {@code sample}: each volume a directory under {@code <data-root>/sample-volumes}. */
public final class SampleVolumeProvider implements VolumeProvider {
    public static final String NAME = "sample";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public VolumeDriver create(DriverContext context) {
        return new SampleVolumeDriver(context.dataRoot().resolve("sample-volumes"));
    }
}
