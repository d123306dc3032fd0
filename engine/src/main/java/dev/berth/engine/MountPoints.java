package dev.berth.engine;

import dev.berth.actors.volume.VolumeService;
import dev.berth.api.model.MountPoint;
import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.GivenAs;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.TmpfsMount;
import dev.berth.persistence.container.VolumeBind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Inspect's and ps's {@code Mounts}: the binds and volumes as dockerd shows them (--tmpfs mounts are not listed there). */
final class MountPoints {
    private final VolumeService volumes;

    MountPoints(VolumeService volumes) {
        this.volumes = volumes;
    }

    List<MountPoint> of(HostConfig h) {
        List<MountPoint> out = new ArrayList<>();
        for (BindMount b : h.binds()) {
            String mode = b.given() == GivenAs.MOUNTS ? ""
                    : String.join(",", b.mode().stream().map(BindMount.Option::word).toList());
            out.add(new MountPoint("bind", null, b.source(), b.target(), null, mode, !b.readOnly(),
                    b.propagation() == null ? "rprivate" : b.propagation().word()));
        }
        for (VolumeBind v : h.volumes()) {
            var state = volumes.view().get(v.name());
            String driver = state.map(s -> s.config().driver()).orElse(v.driver());
            String source = state.map(s -> volumes.mountpoint(s.config())).orElse("");
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
        out.sort(Comparator.comparing(MountPoint::destination));
        return out;
    }
}
