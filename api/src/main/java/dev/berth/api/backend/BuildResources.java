package dev.berth.api.backend;

/**
 * The limits {@code docker build} puts on its RUN containers ({@code -m}, {@code --memory-swap},
 * {@code --cpu-shares}, {@code --cpuset-cpus}, {@code --cpu-period}, {@code --cpu-quota},
 * {@code --cgroup-parent}): ordinary HostConfig fields, checked where the containers are made.
 * Zero or empty means unset.
 */
public record BuildResources(long memory, long memorySwap, long cpuShares, String cpusetCpus, long cpuPeriod,
                             long cpuQuota, String cgroupParent) {
    public static final BuildResources NONE = new BuildResources(0, 0, 0, "", 0, 0, "");

    public BuildResources {
        cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
        cgroupParent = cgroupParent == null ? "" : cgroupParent;
    }
}
