package dev.berth.engine;

import dev.berth.persistence.container.Blkio;
import dev.berth.spi.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The block I/O limits of a create as this kernel can apply them, with dockerd's rules: a limit whose
 * cgroup file the kernel lacks (cgroup v1 {@code blkio.weight}, {@code blkio.weight_device},
 * {@code blkio.throttle.*}) is dropped with dockerd's warning, before the weight's range is checked;
 * cgroup v2's io controller has them all. Each device a kept limit names must exist (dockerd stats
 * them when the container starts; Berth also at create, so nothing is made for a typo).
 */
final class HostBlkio {
    private static final Path CGROUP = Path.of("/sys/fs/cgroup");

    /** What the kernel supports, as moby's sysinfo finds it. */
    record Support(boolean weight, boolean weightDevice, boolean readBps, boolean writeBps, boolean readIOps,
                   boolean writeIOps) {
        static Support ofHost() {
            Path v1 = CGROUP.resolve("blkio");
            if (Files.isDirectory(v1)) {
                return new Support(Files.exists(v1.resolve("blkio.weight")), Files.exists(v1.resolve("blkio.weight_device")),
                        Files.exists(v1.resolve("blkio.throttle.read_bps_device")),
                        Files.exists(v1.resolve("blkio.throttle.write_bps_device")),
                        Files.exists(v1.resolve("blkio.throttle.read_iops_device")),
                        Files.exists(v1.resolve("blkio.throttle.write_iops_device")));
            }
            boolean io;
            try {
                io = List.of(Files.readString(CGROUP.resolve("cgroup.controllers")).strip().split("\\s+")).contains("io");
            } catch (java.io.IOException e) {
                io = false;
            }
            return new Support(io, io, io, io, io, io);
        }
    }

    /** The limits kept and the warnings for those dropped. */
    record Fitted(Blkio blkio, List<String> warnings) {}

    private HostBlkio() {}

    static Fitted fit(int weight, List<Blkio.WeightDevice> weightDevices, List<Blkio.ThrottleDevice> readBps,
                      List<Blkio.ThrottleDevice> writeBps, List<Blkio.ThrottleDevice> readIOps,
                      List<Blkio.ThrottleDevice> writeIOps, Support s) {
        List<String> warnings = new ArrayList<>();
        if (weight > 0 && !s.weight()) {
            warnings.add("Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.");
            weight = 0;
        }
        if (weight < 0) {
            // Docker's type is unsigned: a negative weight is no weight it could be given
            throw EngineException.invalid("Range of blkio weight is from 10 to 1000");
        }
        if (!weightDevices.isEmpty() && !s.weightDevice()) {
            warnings.add("Your kernel does not support Block I/O weight_device or the cgroup is not mounted. "
                    + "Weight-device discarded.");
            weightDevices = List.of();
        }
        if (!readBps.isEmpty() && !s.readBps()) {
            warnings.add("Your kernel does not support BPS Block I/O read limit or the cgroup is not mounted. "
                    + "Block I/O BPS read limit discarded.");
            readBps = List.of();
        }
        if (!writeBps.isEmpty() && !s.writeBps()) {
            warnings.add("Your kernel does not support BPS Block I/O write limit or the cgroup is not mounted. "
                    + "Block I/O BPS write limit discarded.");
            writeBps = List.of();
        }
        if (!readIOps.isEmpty() && !s.readIOps()) {
            warnings.add("Your kernel does not support IOPS Block read limit or the cgroup is not mounted. "
                    + "Block I/O IOPS read limit discarded.");
            readIOps = List.of();
        }
        if (!writeIOps.isEmpty() && !s.writeIOps()) {
            warnings.add("Your kernel does not support IOPS Block write limit or the cgroup is not mounted. "
                    + "Block I/O IOPS write limit discarded.");
            writeIOps = List.of();
        }
        Blkio kept = new Blkio(weight, weightDevices, readBps, writeBps, readIOps, writeIOps);
        for (String path : kept.paths()) {
            if (!Files.exists(Path.of(path))) {
                throw EngineException.invalid("stat " + path + ": no such file or directory");
            }
        }
        return new Fitted(kept, warnings);
    }
}
