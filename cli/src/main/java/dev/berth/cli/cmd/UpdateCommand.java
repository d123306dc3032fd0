package dev.berth.cli.cmd;

import dev.berth.cli.GoInts;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code update}: POST /containers/{id}/update with the flags given, as the docker CLI sends them (only
 * what was set; the daemon refuses by name what it does not apply).
 */
@Command(name = "update", description = "Update configuration of one or more containers")
public final class UpdateCommand extends BaseCommand {
    @Option(names = {"-m", "--memory"}, description = "Memory limit")
    String memory;

    @Option(names = "--memory-swap", description = "Swap limit equal to memory plus swap: -1 to enable unlimited swap")
    String memorySwap;

    @Option(names = "--memory-reservation", description = "Memory soft limit")
    String memoryReservation;

    @Option(names = "--cpus", description = "Number of CPUs")
    String cpus;

    @Option(names = {"-c", "--cpu-shares"}, description = "CPU shares (relative weight)")
    Long cpuShares;

    @Option(names = "--cpu-period", description = "Limit CPU CFS (Completely Fair Scheduler) period")
    Long cpuPeriod;

    @Option(names = "--cpu-quota", description = "Limit CPU CFS (Completely Fair Scheduler) quota")
    Long cpuQuota;

    @Option(names = "--cpu-rt-period", description = "Limit the CPU real-time period in microseconds")
    Long cpuRtPeriod;

    @Option(names = "--cpu-rt-runtime", description = "Limit the CPU real-time runtime in microseconds")
    Long cpuRtRuntime;

    @Option(names = "--cpuset-cpus", description = "CPUs in which to allow execution (0-3, 0,1)")
    String cpusetCpus;

    @Option(names = "--cpuset-mems", description = "MEMs in which to allow execution (0-3, 0,1)")
    String cpusetMems;

    @Option(names = "--blkio-weight", converter = GoInts.Uint16.class, description = "Block IO (relative weight), between 10 and 1000, or 0 to disable")
    Integer blkioWeight;

    @Option(names = "--pids-limit", description = "Tune container pids limit (set -1 for unlimited)")
    Long pidsLimit;

    @Option(names = "--restart", description = "Restart policy to apply when a container exits")
    String restart;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    protected int run() throws IOException {
        Map<String, Object> body = body();
        if (body.isEmpty()) {
            throw new UsageException("you must provide one or more flags when using this command");
        }
        return EachContainer.apply(containers, out(), err(),
                c -> client().post("/containers/" + Query.seg(c) + "/update", body));
    }

    Map<String, Object> body() {
        Map<String, Object> b = Json.object();
        if (memory != null) b.put("Memory", UsageException.size(memory, "-m, --memory"));
        if (memorySwap != null) b.put("MemorySwap", memorySwap.equals("-1") ? -1L : UsageException.size(memorySwap, "--memory-swap"));
        if (memoryReservation != null) b.put("MemoryReservation", UsageException.size(memoryReservation, "--memory-reservation"));
        if (cpus != null) b.put("NanoCpus", nanoCpus(cpus));
        if (cpuShares != null) b.put("CpuShares", cpuShares);
        if (cpuPeriod != null) b.put("CpuPeriod", cpuPeriod);
        if (cpuQuota != null) b.put("CpuQuota", cpuQuota);
        if (cpuRtPeriod != null) b.put("CpuRealtimePeriod", cpuRtPeriod);
        if (cpuRtRuntime != null) b.put("CpuRealtimeRuntime", cpuRtRuntime);
        if (cpusetCpus != null) b.put("CpusetCpus", cpusetCpus);
        if (cpusetMems != null) b.put("CpusetMems", cpusetMems);
        if (blkioWeight != null) b.put("BlkioWeight", blkioWeight);
        if (pidsLimit != null) b.put("PidsLimit", pidsLimit);
        if (restart != null) {
            Map<String, Object> policy = Json.object();
            int colon = restart.indexOf(':');
            policy.put("Name", colon < 0 ? restart : restart.substring(0, colon));
            policy.put("MaximumRetryCount", colon < 0 ? 0L : retryCount(restart.substring(colon + 1)));
            b.put("RestartPolicy", policy);
        }
        return b;
    }

    /** A restart policy's count: a Go int, as docker parses it. */
    private static long retryCount(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException("invalid restart policy format: maximum retry count must be an integer");
        }
    }

    /** {@code 1.5} → 1500000000, exactly (docker parses it as a rational). */
    static long nanoCpus(String value) {
        try {
            return new BigDecimal(value).movePointRight(9).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("invalid argument \"" + value + "\" for \"--cpus\" flag: failed to parse "
                    + value + " as a rational number");
        }
    }
}
