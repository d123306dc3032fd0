package dev.berth.persistence.container;

import dev.berth.spi.EngineException;
import java.util.regex.Pattern;

/** Docker's cpuset lists ({@code 0-3,5}): checked for their form here; whether the host has them, at the edge. */
final class CpusetList {
    private static final Pattern LIST = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");

    private CpusetList() {}

    /** @param what {@code cpus} or {@code mems}, as dockerd names them in its message */
    static void check(String list, String what) {
        if (list.isEmpty()) {
            return;
        }
        boolean ok = LIST.matcher(list).matches();
        if (ok) {
            for (String range : list.split(",")) {
                String[] ends = range.split("-");
                if (ends.length == 2 && Long.parseLong(ends[0]) > Long.parseLong(ends[1])) {
                    ok = false;
                }
            }
        }
        if (!ok) {
            throw EngineException.invalid("Invalid value " + list + " for cpuset " + what);
        }
    }
}
