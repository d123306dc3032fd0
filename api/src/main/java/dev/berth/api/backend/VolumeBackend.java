package dev.berth.api.backend;

import dev.berth.api.model.Volume;
import dev.berth.api.model.VolumeCreateRequest;
import dev.berth.api.model.VolumeListResponse;
import dev.berth.api.model.VolumePruneReport;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.lang.reflect.Proxy;
import java.util.List;

/** What the volumes router needs from the engine. Blocking; see {@link ContainerBackend}. */
public interface VolumeBackend {
    /** GET /volumes (the API checked the filter keys). */
    VolumeListResponse list(Filters filters);

    /** GET /volumes/{name}. */
    Volume inspect(String name);

    /** Inspect as it would have answered at {@code at} (Berth's {@code at=}). */
    default Volume inspectAt(String name, java.time.Instant at) {
        throw EngineException.invalid("query parameter \"at\" is not supported by Berth yet");
    }

    /** POST /volumes/create (ClusterVolumeSpec already refused). */
    Volume create(VolumeCreateRequest request);

    /** DELETE /volumes/{name}. */
    void remove(String name, boolean force);

    /**
     * POST /volumes/prune.
     *
     * @param all also named volumes (the {@code all} filter, or any API before 1.42)
     */
    VolumePruneReport prune(Filters filters, boolean all);

    /** /system/df's {@code Volumes}: every volume with its UsageData. */
    List<Volume> usage();

    /** For daemons built without volumes: every call is NOT_IMPLEMENTED. */
    VolumeBackend NONE = (VolumeBackend) Proxy.newProxyInstance(
            VolumeBackend.class.getClassLoader(), new Class<?>[] {VolumeBackend.class}, (proxy, method, args) -> {
                throw new EngineException(ErrorKind.NOT_IMPLEMENTED,
                        "volumes are not available in this daemon");
            });
}
