package dev.berth.engine;

import dev.berth.actors.volume.VolumeService;
import dev.berth.api.model.MountPoint;
import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.GivenAs;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.ImageMount;
import dev.berth.persistence.container.TmpfsMount;
import dev.berth.persistence.container.VolumeBind;
import dev.berth.persistence.volume.VolumeConfig;
import dev.berth.persistence.volume.VolumeState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Inspect's and ps's {@code Mounts}: the binds, volumes and mounted images as dockerd shows them (--tmpfs mounts are not listed there). */
final class MountPoints {
    private final VolumeService volumes;
    private final Function<String, Optional<VolumeConfig>> volumeNamed;

    MountPoints(VolumeService volumes) {
        this(volumes, name -> volumes.view().get(name).map(VolumeState.Active::config));
    }

    private MountPoints(VolumeService volumes, Function<String, Optional<VolumeConfig>> volumeNamed) {
        this.volumes = volumes;
        this.volumeNamed = volumeNamed;
    }

    /** The same over the volumes of an earlier instant ({@code at=}): name → its config then. */
    MountPoints asOf(Function<String, Optional<VolumeConfig>> then) {
        return new MountPoints(volumes, then);
    }

    List<MountPoint> of(HostConfig h) {
        if (h.binds().isEmpty() && h.volumes().isEmpty() && h.tmpfs().isEmpty() && h.imageMounts().isEmpty()) {
            return List.of();
        }
        List<MountPoint> out = new ArrayList<>();
        for (BindMount b : h.binds()) {
            String mode = b.given() == GivenAs.MOUNTS ? ""
                    : String.join(",", b.mode().stream().map(BindMount.Option::word).toList());
            out.add(new MountPoint("bind", null, b.source(), b.target(), null, mode, !b.readOnly(),
                    b.propagation() == null ? "rprivate" : b.propagation().word()));
        }
        for (VolumeBind v : h.volumes()) {
            Optional<VolumeConfig> config = volumeNamed.apply(v.name());
            String driver = config.map(VolumeConfig::driver).orElse(v.driver());
            String source = config.map(volumes::mountpoint).orElse("");
            String mode = String.join(",", v.mode().stream().map(BindMount.Option::word).toList());
            // dockerd records a volume given with -v and no mode as "z" (its default SELinux relabel).
            if (mode.isEmpty() && v.given() == GivenAs.BINDS) {
                mode = "z";
            }
            out.add(new MountPoint("volume", v.name(), source, v.target(), driver, mode, !v.readOnly(), ""));
        }
        for (TmpfsMount t : h.tmpfs()) {
            // Only --mount's tmpfs is a mount point in dockerd; --tmpfs is not listed.
            if (t.given() == GivenAs.MOUNTS) {
                out.add(new MountPoint("tmpfs", null, "", t.target(), null, "", !t.options().contains("ro"), ""));
            }
        }
        for (ImageMount i : h.imageMounts()) {
            // named as the request named the image; read-only whatever it asked, as dockerd's
            out.add(new MountPoint("image", i.image(), "", i.target(), null, "", false, ""));
        }
        out.sort(Comparator.comparing(MountPoint::destination));
        return out;
    }
}
