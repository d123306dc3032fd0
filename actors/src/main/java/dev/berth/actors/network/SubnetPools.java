package dev.berth.actors.network;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where new networks' subnets come from: dockerd's {@code default-address-pools} (by default
 * 172.17.0.0/16 … 172.31.0.0/16, then 192.168.0.0/16 cut in /20s), skipping any block that overlaps
 * an existing network or a route on the host (so a dockerd's docker0 or a LAN is never shadowed).
 */
public final class SubnetPools {
    /** One pool: a base block cut into subnets of {@code size} bits. */
    public record Pool(String base, int size) {}

    public static final List<Pool> DOCKER_DEFAULTS = defaults();

    private static List<Pool> defaults() {
        List<Pool> pools = new ArrayList<>();
        for (int second = 17; second <= 31; second++) {
            pools.add(new Pool("172." + second + ".0.0/16", 16));
        }
        pools.add(new Pool("192.168.0.0/16", 20));
        return List.copyOf(pools);
    }

    private final List<Pool> pools;
    private final Path routes;

    public SubnetPools(List<Pool> pools) {
        this(pools, Path.of("/proc/net/route"));
    }

    SubnetPools(List<Pool> pools, Path routes) {
        this.pools = pools.isEmpty() ? DOCKER_DEFAULTS : List.copyOf(pools);
        this.routes = routes;
    }

    /** The first subnet free of {@code taken} and of host routes. */
    public Ipv4.Cidr next(List<Ipv4.Cidr> taken, boolean defaultBridge) {
        List<Ipv4.Cidr> busy = new ArrayList<>(taken);
        busy.addAll(hostRoutes());
        for (Pool pool : pools) {
            var base = Ipv4.Cidr.parse(pool.base());
            long step = 1L << (32 - pool.size());
            for (long start = base.first(); start + step - 1 <= base.last(); start += step) {
                var candidate = new Ipv4.Cidr(start, pool.size());
                if (busy.stream().noneMatch(candidate::overlaps)) {
                    return candidate;
                }
            }
        }
        throw EngineException.unavailable("all predefined address pools have been fully subnetted", null);
    }

    /** Destinations of non-default routes, from /proc/net/route (little-endian hex). */
    List<Ipv4.Cidr> hostRoutes() {
        List<Ipv4.Cidr> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(routes)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 8 || f[0].equals("Iface")) {
                    continue;
                }
                long dest = Long.reverseBytes(Long.parseLong(f[1], 16) << 32) & 0xFFFFFFFFL;
                long mask = Long.reverseBytes(Long.parseLong(f[7], 16) << 32) & 0xFFFFFFFFL;
                int prefix = Long.bitCount(mask);
                if (prefix > 0) {
                    out.add(new Ipv4.Cidr(dest & Ipv4.mask(prefix), prefix));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // No route table to consult: only the journal's networks count.
        }
        return out;
    }
}
