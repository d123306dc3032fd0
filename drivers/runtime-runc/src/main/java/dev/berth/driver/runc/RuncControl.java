package dev.berth.driver.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.ResourceUsage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runc operations on a live container that leave its run alone: freeze and thaw (runc's cgroup
 * freezer), its processes, its resource use, new limits. The caller holds the container's lock.
 */
final class RuncControl {
    private final RuncCli runc;
    private final CgroupUsage cgroups;
    private final boolean swapLimit;
    private static final String UNLIMITED_QUOTA = "--cpu-quota=-1";
    private static final String UNLIMITED_PIDS = "--pids-limit=-1";
    private final ObjectMapper json = new ObjectMapper();

    RuncControl(RuncCli runc, CgroupUsage cgroups, boolean swapLimit) {
        this.runc = runc;
        this.cgroups = cgroups;
        this.swapLimit = swapLimit;
    }

    void pause(String id) {
        RuncCli.State state = live(id);
        if (!state.status().equals("paused")) {
            check(id, "pause", runc.pause(id));
        }
    }

    void resume(String id) {
        RuncCli.State state = live(id);
        if (state.status().equals("paused")) {
            check(id, "resume", runc.resume(id));
        }
    }

    boolean paused(String id) {
        return runc.state(id).map(s -> s.status().equals("paused")).orElse(false);
    }

    List<Integer> processes(String id) {
        live(id);
        RuncCli.Result r = check(id, "ps", runc.ps(id));
        try {
            List<Integer> pids = new ArrayList<>();
            JsonNode n = json.readTree(r.stdout().isBlank() ? "[]" : r.stdout());
            n.forEach(p -> pids.add(p.asInt()));
            return pids;
        } catch (IOException e) {
            throw EngineException.unavailable("runc ps answered what is not JSON: " + r.stdout(), e);
        }
    }

    ResourceUsage usage(String id) {
        return cgroups.read(id, live(id).pid());
    }

    void update(String id, ContainerSpec.Resources r) {
        live(id);
        List<String> flags = flags(r, swapLimit);
        // runc takes -1 as "no limit"; other runtimes (crun) refuse it: those limits are lifted in the cgroup
        boolean liftsByFlag = runc.binary().getFileName().toString().equals("runc");
        boolean liftPids = !liftsByFlag && flags.remove(UNLIMITED_PIDS);
        boolean liftQuota = !liftsByFlag && flags.remove(UNLIMITED_QUOTA);
        RuncCli.Result result = runc.update(id, flags);
        if (!result.ok()) {
            // the kernel's refusal (a limit below what is in use, a swap limit under memory): the caller's to fix
            throw EngineException.invalid("Cannot update container " + id + ": " + result.message());
        }
        if (liftPids || liftQuota) {
            cgroups.lift(id, liftPids, liftQuota);
        }
    }

    /**
     * runc's flags for the whole set of limits: a limit that is 0 is lifted (-1) where the kernel can
     * lift it; memory and shares, which Docker never lifts by update, are left alone then.
     */
    static List<String> flags(ContainerSpec.Resources r, boolean swapLimit) {
        List<String> flags = new ArrayList<>();
        if (r.memory() > 0) {
            flags.add("--memory=" + r.memory());
            long swap = OciResources.swap(r.memory(), r.memorySwap());
            if (swapLimit && swap != 0) {
                flags.add("--memory-swap=" + swap);
            }
        }
        if (r.cpuShares() > 0) {
            flags.add("--cpu-share=" + r.cpuShares());
        }
        if (r.nanoCpus() > 0) {
            flags.add("--cpu-period=" + OciResources.CPU_PERIOD);
            flags.add("--cpu-quota=" + OciResources.quota(r.nanoCpus()));
        } else if (r.cpuQuota() != 0 || r.cpuPeriod() != 0) {
            // --cpu-quota/--cpu-period from create, kept: update does not change them
            if (r.cpuPeriod() != 0) {
                flags.add("--cpu-period=" + r.cpuPeriod());
            }
            flags.add("--cpu-quota=" + (r.cpuQuota() != 0 ? r.cpuQuota() : -1));
        } else {
            flags.add(UNLIMITED_QUOTA);
        }
        flags.add(r.pidsLimit() > 0 ? "--pids-limit=" + r.pidsLimit() : UNLIMITED_PIDS);
        if (r.memoryReservation() > 0) {
            flags.add("--memory-reservation=" + r.memoryReservation());
        }
        if (r.blkio().weight() > 0) {
            flags.add("--blkio-weight=" + r.blkio().weight());
        }
        if (!r.cpusetCpus().isEmpty()) {
            flags.add("--cpuset-cpus=" + r.cpusetCpus());
        }
        if (!r.cpusetMems().isEmpty()) {
            flags.add("--cpuset-mems=" + r.cpusetMems());
        }
        if (r.realtimePeriod() != 0) {
            flags.add("--cpu-rt-period=" + r.realtimePeriod());
        }
        if (r.realtimeRuntime() != 0) {
            flags.add("--cpu-rt-runtime=" + r.realtimeRuntime());
        }
        return flags;
    }

    private RuncCli.State live(String id) {
        Optional<RuncCli.State> state = runc.state(id);
        if (state.isEmpty() || !state.get().alive()) {
            throw EngineException.conflict("container " + id + " is not running");
        }
        return state.get();
    }

    private static RuncCli.Result check(String id, String what, RuncCli.Result r) {
        if (!r.ok()) {
            String msg = r.message();
            if (msg.contains("not running") || msg.contains("does not exist") || msg.contains("container not paused")) {
                throw EngineException.conflict("container " + id + " is not running");
            }
            throw EngineException.unavailable("runc " + what + ": " + msg, null);
        }
        return r;
    }
}
