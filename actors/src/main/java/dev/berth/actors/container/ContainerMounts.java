package dev.berth.actors.container;

import dev.berth.actors.support.Workflow;
import dev.berth.actors.volume.VolumeService;
import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.GivenAs;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.VolumeBind;
import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The create workflow's volume steps: {@code --volumes-from}, anonymous volumes, and each volume made and used. */
final class ContainerMounts {
    private final VolumeService volumes;
    private final ContainerView view;

    ContainerMounts(VolumeService volumes, ContainerView view) {
        this.volumes = volumes;
        this.view = view;
    }

    /**
     * The volumes the container mounts, made where missing and used by {@code id}: the named and
     * anonymous ones of {@code Binds}, then an anonymous one at each {@code Volumes} path (the image's
     * and the request's) where nothing else is mounted, as dockerd does. Undo: released, and those
     * made here removed. A volume is used before the container exists; a daemon killed in between
     * leaves a journaled volume whose user {@link VolumeService#restore} releases.
     */
    HostConfig resolve(Workflow w, ContainerConfig config, HostConfig host, String id) {
        HostConfig wanted = volumesFrom(host);
        for (String path : config.volumes()) {
            if (!wanted.mountsAt(path)) {
                List<VolumeBind> more = new ArrayList<>(wanted.volumes());
                more.add(new VolumeBind("", "", path, List.of(), true, GivenAs.VOLUMES, Map.of()));
                wanted = wanted.withVolumes(more);
            }
        }
        List<VolumeBind> resolved = new ArrayList<>();
        for (VolumeBind v : wanted.volumes()) {
            String driver = v.driver().isEmpty() ? host.volumeDriver() : v.driver();
            String volume;
            if (!v.anonymous() && volumes.view().get(v.name()).isPresent()) {
                volume = v.name();
            } else {
                volume = w.step("create volume " + v.name(),
                        () -> volumes.create(v.name(), driver, v.driverOptions(), v.labels()).config().name(),
                        made -> volumes.remove(made, true));
            }
            w.step("use volume " + volume, () -> volumes.use(volume, id), () -> volumes.release(volume, id));
            resolved.add(v.named(volume));
        }
        return wanted.withVolumes(resolved);
    }

    /**
     * {@code --volumes-from c[:ro|:rw]}: the other container's binds and volumes at the same targets
     * (its own access mode unless one is given), except where this container mounts something itself.
     */
    private HostConfig volumesFrom(HostConfig host) {
        HostConfig out = host;
        for (String spec : host.volumesFrom()) {
            String[] parts = spec.split(":", -1);
            BindMount.Option access = null;
            if (parts.length == 2 && (parts[1].equals("ro") || parts[1].equals("rw"))) {
                access = BindMount.Option.of(parts[1]);
            } else if (parts.length != 1 || parts[0].isEmpty()) {
                throw EngineException.invalid("invalid mode for volumes-from: " + (parts.length > 1 ? parts[1] : spec));
            }
            ContainerState from;
            try {
                from = view.resolve(parts[0]);
            } catch (EngineException notFound) {
                // Not a 404: the docker CLI answers any 404 from create by pulling the image.
                throw EngineException.invalid(notFound.getMessage());
            }
            HostConfig theirs = from.info().hostConfig();
            List<BindMount> binds = new ArrayList<>(out.binds());
            List<VolumeBind> volumes = new ArrayList<>(out.volumes());
            for (BindMount b : theirs.binds()) {
                if (!out.mountsAt(b.target())) {
                    binds.add(b.sharedAs(access));
                }
            }
            for (VolumeBind v : theirs.volumes()) {
                if (!out.mountsAt(v.target())) {
                    volumes.add(v.sharedAs(access));
                }
            }
            out = out.withMounts(binds, volumes);
        }
        return out;
    }
}
