package dev.berth.api;

import dev.berth.api.backend.Filters;
import dev.berth.api.backend.VolumeBackend;
import dev.berth.api.model.Volume;
import dev.berth.api.model.VolumeCreateRequest;
import dev.berth.api.model.VolumeListResponse;
import dev.berth.api.model.VolumePruneReport;
import dev.berth.spi.EngineException;
import java.util.List;
import java.util.Map;

/** A volume backend that holds one volume, "data", and records what the router passed. */
final class FakeVolumes implements VolumeBackend {
    static final Volume DATA = new Volume("2024-05-01T10:00:00Z", "local", Map.of("team", "db"),
            "/var/lib/berth/volumes/data/_data", "data", Map.of("o", "size=1m"), "local", null);
    volatile Filters lastFilters;
    volatile VolumeCreateRequest lastCreate;
    volatile Boolean lastForce;
    volatile Boolean lastAll;

    @Override
    public VolumeListResponse list(Filters filters) {
        lastFilters = filters;
        return new VolumeListResponse(List.of(DATA), List.of());
    }

    @Override
    public Volume inspect(String name) {
        if (!name.equals("data")) {
            throw EngineException.notFound("get " + name + ": no such volume");
        }
        return DATA;
    }

    @Override
    public Volume create(VolumeCreateRequest request) {
        lastCreate = request;
        return DATA;
    }

    @Override
    public void remove(String name, boolean force) {
        lastForce = force;
    }

    @Override
    public VolumePruneReport prune(Filters filters, boolean all) {
        lastFilters = filters;
        lastAll = all;
        return new VolumePruneReport(List.of("data"), 42);
    }

    @Override
    public List<Volume> usage() {
        return List.of(DATA.withUsage(new Volume.UsageData(42, 1)));
    }
}
