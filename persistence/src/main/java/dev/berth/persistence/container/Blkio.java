package dev.berth.persistence.container;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.berth.spi.EngineException;
import java.util.List;
import java.util.stream.Stream;

/**
 * Block I/O limits ({@code --blkio-weight}, {@code --blkio-weight-device}, {@code --device-read-bps},
 * {@code --device-write-bps}, {@code --device-read-iops}, {@code --device-write-iops}): cgroup v1's blkio
 * weight and throttle files. Absent in journals from before it existed, and so {@link #NONE}.
 *
 * @param weight        relative weight, 10..1000; 0 none
 * @param weightDevices per-device weights
 * @param readBps       bytes per second read from each device
 * @param writeBps      bytes per second written
 * @param readIOps      read operations per second
 * @param writeIOps     write operations per second
 */
public record Blkio(int weight, List<WeightDevice> weightDevices, List<ThrottleDevice> readBps,
                    List<ThrottleDevice> writeBps, List<ThrottleDevice> readIOps, List<ThrottleDevice> writeIOps) {

    public static final Blkio NONE = new Blkio(0, List.of(), List.of(), List.of(), List.of(), List.of());

    public Blkio {
        if (weight != 0 && (weight < 10 || weight > 1000)) {
            throw EngineException.invalid("Range of blkio weight is from 10 to 1000");
        }
        weightDevices = weightDevices == null ? List.of() : List.copyOf(weightDevices);
        readBps = readBps == null ? List.of() : List.copyOf(readBps);
        writeBps = writeBps == null ? List.of() : List.copyOf(writeBps);
        readIOps = readIOps == null ? List.of() : List.copyOf(readIOps);
        writeIOps = writeIOps == null ? List.of() : List.copyOf(writeIOps);
    }

    /** Whether any limit is set. */
    @JsonIgnore
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** Every device path a limit names (each must exist when the container starts). */
    public List<String> paths() {
        return Stream.of(weightDevices.stream().map(WeightDevice::path),
                Stream.of(readBps, writeBps, readIOps, writeIOps).flatMap(List::stream)
                        .map(ThrottleDevice::path)).flatMap(s -> s).distinct().toList();
    }

    /** The same with another weight. */
    public Blkio withWeight(int next) {
        return new Blkio(next, weightDevices, readBps, writeBps, readIOps, writeIOps);
    }

    /** The same without per-device weights. */
    public Blkio withoutWeightDevices() {
        return new Blkio(weight, List.of(), readBps, writeBps, readIOps, writeIOps);
    }

    /**
     * One {@code --blkio-weight-device /dev/sda:300}.
     *
     * @param weight 10..1000, or 0 (the device then takes the container's weight)
     */
    public record WeightDevice(String path, int weight) {
        public WeightDevice {
            if (path == null || path.isEmpty()) {
                throw EngineException.invalid("invalid weight device: the device path is empty");
            }
            // the docker CLI's check of the flag, which dockerd leaves to the kernel
            if (weight != 0 && (weight < 10 || weight > 1000)) {
                throw EngineException.invalid("invalid weight for device: " + path + ":" + weight);
            }
        }
    }

    /**
     * One {@code --device-read-bps /dev/sda:1mb} (or write, or IOps).
     *
     * @param rate per second; Docker's type is unsigned
     */
    public record ThrottleDevice(String path, long rate) {
        public ThrottleDevice {
            if (path == null || path.isEmpty()) {
                throw EngineException.invalid("invalid throttle device: the device path is empty");
            }
            if (rate < 0) {
                throw EngineException.invalid("invalid rate for device: " + path + ":" + rate
                        + ". The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. "
                        + "Unit is optional and can be kb, mb, or gb");
            }
        }
    }
}
