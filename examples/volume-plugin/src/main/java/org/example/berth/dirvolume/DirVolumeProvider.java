package org.example.berth.dirvolume;

import dev.berth.spi.DriverContext;
import dev.berth.spi.volume.VolumeDriver;
import dev.berth.spi.volume.VolumeProvider;

/**
 * What berthd finds through {@code META-INF/services/dev.berth.spi.volume.VolumeProvider}: a name
 * ({@code docker volume create -d dirvolume}) and a factory. berthd calls {@code name()} when it loads
 * the jar and {@code create} once at start; a provider that cannot work here throws from
 * {@code create} with the reason, and berthd lists it as failed and keeps serving.
 */
public final class DirVolumeProvider implements VolumeProvider {
    public static final String NAME = "dirvolume";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public VolumeDriver create(DriverContext context) {
        return new DirVolumeDriver(context.dataRoot().resolve("dirvolume"));
    }
}
