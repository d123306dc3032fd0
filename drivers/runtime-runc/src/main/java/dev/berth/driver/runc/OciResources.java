package dev.berth.driver.runc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.runtime.ContainerSpec.Resources;

/** {@code linux.resources}: Docker's device allow list and the cgroup limits. */
final class OciResources {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static final long CPU_PERIOD = 100_000;

    private OciResources() {}

    static ObjectNode build(Resources r, boolean privileged, boolean swapLimit) {
        ObjectNode out = F.objectNode();
        ArrayNode devices = out.putArray("devices");
        if (privileged) {
            devices.add(device(true, null, -1, -1, "rwm"));
        } else {
            devices.add(device(false, null, -1, -1, "rwm"));
            devices.add(device(true, "c", -1, -1, "m"));
            devices.add(device(true, "b", -1, -1, "m"));
            devices.add(device(true, "c", 1, 3, "rwm"));   // null
            devices.add(device(true, "c", 1, 5, "rwm"));   // zero
            devices.add(device(true, "c", 1, 7, "rwm"));   // full
            devices.add(device(true, "c", 1, 8, "rwm"));   // random
            devices.add(device(true, "c", 1, 9, "rwm"));   // urandom
            devices.add(device(true, "c", 5, 0, "rwm"));   // tty
            devices.add(device(true, "c", 5, 1, "rwm"));   // console
            devices.add(device(true, "c", 5, 2, "rwm"));   // ptmx
            devices.add(device(true, "c", 136, -1, "rwm")); // pts
        }
        if (r.memory() > 0 || r.memoryReservation() > 0 || r.oomKillDisable() || r.memorySwappiness() != null) {
            ObjectNode mem = out.putObject("memory");
            if (r.memory() > 0) {
                mem.put("limit", r.memory());
                long swap = swap(r.memory(), r.memorySwap());
                if (swapLimit && swap != 0) {
                    mem.put("swap", swap);
                }
            }
            if (r.memoryReservation() > 0) {
                mem.put("reservation", r.memoryReservation());
            }
            if (r.oomKillDisable()) {
                mem.put("disableOOMKiller", true);
            }
            if (r.memorySwappiness() != null) {
                mem.put("swappiness", r.memorySwappiness());
            }
        }
        if (r.cpuShares() > 0 || r.nanoCpus() > 0 || !r.cpusetCpus().isEmpty() || !r.cpusetMems().isEmpty()
                || r.cpuQuota() != 0 || r.cpuPeriod() != 0 || r.realtimePeriod() != 0 || r.realtimeRuntime() != 0) {
            ObjectNode cpu = out.putObject("cpu");
            if (!r.cpusetCpus().isEmpty()) {
                cpu.put("cpus", r.cpusetCpus());
            }
            if (!r.cpusetMems().isEmpty()) {
                cpu.put("mems", r.cpusetMems());
            }
            if (r.cpuShares() > 0) {
                cpu.put("shares", r.cpuShares());
            }
            if (r.nanoCpus() > 0) {
                cpu.put("period", CPU_PERIOD);
                cpu.put("quota", quota(r.nanoCpus()));
            }
            if (r.cpuPeriod() != 0) {
                cpu.put("period", r.cpuPeriod());
            }
            if (r.cpuQuota() != 0) {
                cpu.put("quota", r.cpuQuota());
            }
            if (r.realtimePeriod() != 0) {
                cpu.put("realtimePeriod", r.realtimePeriod());
            }
            if (r.realtimeRuntime() != 0) {
                cpu.put("realtimeRuntime", r.realtimeRuntime());
            }
        }
        if (r.pidsLimit() > 0) {
            out.putObject("pids").put("limit", r.pidsLimit());
        }
        if (!r.blkio().isEmpty()) {
            out.set("blockIO", OciBlockIo.build(r.blkio()));
        }
        return out;
    }

    /** memory+swap as Docker sets it: twice the memory when unset, -1 for unlimited. */
    static long swap(long memory, long memorySwap) {
        if (memorySwap == 0) {
            return memory > 0 ? 2 * memory : 0;
        }
        return memorySwap;
    }

    static long quota(long nanoCpus) {
        return nanoCpus * CPU_PERIOD / 1_000_000_000L;
    }

    private static ObjectNode device(boolean allow, String type, long major, long minor, String access) {
        ObjectNode d = F.objectNode();
        d.put("allow", allow);
        if (type != null) {
            d.put("type", type);
        }
        if (type != null && major >= 0) {
            d.put("major", major);
        }
        if (type != null && minor >= 0) {
            d.put("minor", minor);
        }
        d.put("access", access);
        return d;
    }
}
