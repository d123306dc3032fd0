package dev.berth.driver.bridge;

import dev.berth.spi.EngineException;
import dev.berth.spi.network.EndpointSpec;
import dev.berth.spi.network.Ipv4Cidr;
import dev.berth.spi.network.Ipv6Cidr;
import dev.berth.spi.network.NetworkSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Bridges and veths through iproute2's {@code ip} (in batch mode: one process per step, not per
 * attribute) and reads of {@code /sys/class/net}. {@code ip} over our own netlink code: it is on
 * every host, a join costs two processes (~10 ms), and errors come back as readable text.
 */
final class Links {

    private static final Path SYS_NET = Path.of("/sys/class/net");

    private Links() {
    }

    static boolean exists(String ifName) {
        return Files.exists(SYS_NET.resolve(ifName));
    }

    static boolean isBridge(String ifName) {
        return Files.isDirectory(SYS_NET.resolve(ifName).resolve("bridge"));
    }

    static String alias(String ifName) {
        return read(SYS_NET.resolve(ifName).resolve("ifalias"));
    }

    /** Our bridges on the host, by network id, found by their alias. */
    static Map<String, String> ownedBridges(ChainNames names) {
        Map<String, String> found = new LinkedHashMap<>();
        try (Stream<Path> links = Files.list(SYS_NET)) {
            for (Path link : links.toList()) {
                String alias = alias(link.getFileName().toString());
                if (alias.startsWith(names.aliasPrefix()) && Files.isDirectory(link.resolve("bridge"))) {
                    found.put(alias.substring(names.aliasPrefix().length()), link.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw EngineException.unavailable("cannot list " + SYS_NET, e);
        }
        return found;
    }

    /** The interfaces enslaved to a bridge. */
    static List<String> ports(String bridge) {
        Path brif = SYS_NET.resolve(bridge).resolve("brif");
        if (!Files.isDirectory(brif)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(brif)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Creates or repairs the bridge: ours by alias, a MAC address of its own, gateway address, up.
     * A bridge left to the kernel takes the lowest MAC among its ports, so a container leaving could
     * change the gateway's MAC under the others, whose ARP entries then point nowhere for up to a
     * minute: like dockerd, the bridge gets an address set once (a bridge of an earlier build keeps
     * the one it has, now pinned).
     */
    static void ensureBridge(NetworkSpec net, String alias) {
        String br = net.bridgeName();
        StringBuilder batch = new StringBuilder();
        if (exists(br)) {
            String current = alias(br);
            if (!current.equals(alias) || !isBridge(br)) {
                throw EngineException.conflict("bridge name " + br + " is already in use by another interface");
            }
            if (!addressPinned(br)) {
                batch.append("link set ").append(br).append(" address ").append(address(br)).append('\n');
            }
            // an address the network no longer has (the default bridge under a new --bip) goes
            for (String cidr : ipv4Addresses(br)) {
                if (!cidr.equals(net.gatewayCidr().toString())) {
                    batch.append("addr del ").append(cidr).append(" dev ").append(br).append('\n');
                }
            }
        } else {
            batch.append("link add ").append(br).append(" address ").append(randomMac()).append(" type bridge\n");
            batch.append("link set ").append(br).append(" alias ").append(alias).append('\n');
        }
        String mtu = net.options().get(NetworkSpec.MTU_OPTION);
        if (mtu != null && mtu.matches("\\d+")) {
            batch.append("link set ").append(br).append(" mtu ").append(mtu).append('\n');
        }
        batch.append("addr replace ").append(net.gatewayCidr()).append(" dev ").append(br).append('\n');
        batch.append("link set ").append(br).append(" up\n");
        Commands.check(batch.toString(), List.of("ip", "-batch", "-"));
        if (!net.internal()) {
            sysctl("net/ipv4/conf/" + br + "/route_localnet", "1");
        }
        // an IPv6 address the network no longer has (the default bridge without --ipv6, or on another
        // --fixed-cidr-v6) goes
        for (String cidr : globalIpv6Addresses(br)) {
            if (!net.ipv6() || !cidr.equals(net.gateway6Cidr().toString())) {
                Commands.check(List.of("ip", "-6", "addr", "del", cidr, "dev", br));
            }
        }
        if (net.ipv6()) {
            // the gateway's IPv6 address, usable at once: no duplicate address detection on a bridge of our own
            sysctl("net/ipv6/conf/" + br + "/disable_ipv6", "0");
            Commands.check(List.of("ip", "-6", "addr", "replace", net.gateway6Cidr().toString(), "dev", br, "nodad"));
        }
    }

    /** True when the interface's MAC was set, not chosen by the kernel ({@code addr_assign_type} 3). */
    static boolean addressPinned(String ifName) {
        return "3".equals(read(SYS_NET.resolve(ifName).resolve("addr_assign_type")));
    }

    static String address(String ifName) {
        return read(SYS_NET.resolve(ifName).resolve("address"));
    }

    /** A random unicast, locally administered MAC address. */
    static String randomMac() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] = (byte) ((b[0] & 0xfc) | 0x02);
        StringBuilder mac = new StringBuilder(17);
        for (byte x : b) {
            if (mac.length() > 0) {
                mac.append(':');
            }
            mac.append(String.format("%02x", x & 0xff));
        }
        return mac.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    static void delete(String ifName) {
        if (exists(ifName)) {
            Commands.Result r = Commands.run(List.of("ip", "link", "del", ifName));
            if (!r.ok() && exists(ifName)) {
                throw EngineException.unavailable("ip link del " + ifName + ": " + r.out().strip(), null);
            }
        }
    }

    /** The veth pair, its container end created directly inside the netns with its final name and MAC. */
    static void addVeth(String hostVeth, EndpointSpec ep, NetworkSpec net) {
        String mtu = net.options().get(NetworkSpec.MTU_OPTION);
        String mtuArg = mtu != null && mtu.matches("\\d+") ? " mtu " + mtu : "";
        String batch = "link add " + hostVeth + mtuArg + " type veth peer name " + ep.interfaceName()
                + mtuArg + " address " + ep.mac() + " netns " + ep.netnsPath() + "\n"
                + "link set " + hostVeth + " master " + net.bridgeName() + "\n"
                // with br_netfilter loaded, a container reaching its own published port is DNATed at
                // bridge level and must leave by the port it came in on
                + "link set " + hostVeth + " type bridge_slave hairpin on\n"
                + "link set " + hostVeth + " up\n";
        Commands.check(batch, List.of("ip", "-batch", "-"));
    }

    /** Inside the netns: loopback, addresses, link up, default routes (none on an internal network). Idempotent. */
    static void configureInside(EndpointSpec ep, boolean internal) {
        boolean defaultRoute = ep.gateway() != null && !internal;
        String dev = ep.interfaceName();
        StringBuilder batch = new StringBuilder()
                .append("link set lo up\n")
                .append("addr replace ").append(ep.ipv4()).append(" dev ").append(dev).append('\n')
                .append("link set ").append(dev).append(" up\n");
        if (ep.ipv6() != null) {
            // nodad: the address is usable at once (the engine hands each address to one endpoint)
            batch.insert(batch.indexOf("link set " + dev + " up"),
                    "addr replace " + ep.ipv6() + " dev " + dev + " nodad\n");
        }
        if (defaultRoute) {
            batch.append("route replace default via ").append(ep.gateway()).append(" dev ").append(dev).append('\n');
        }
        if (!internal && ep.gateway6() != null) {
            batch.append("route replace ::/0 via ").append(ep.gateway6()).append(" dev ").append(dev).append('\n');
        }
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + ep.netnsPath(), "ip", "-batch", "-"));
        Commands.check(batch.toString(), cmd);
    }

    /** The bridge an interface is enslaved to, or "" for none. */
    static String master(String ifName) {
        Path link = SYS_NET.resolve(ifName).resolve("master");
        try {
            return Files.isSymbolicLink(link) ? Files.readSymbolicLink(link).getFileName().toString() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The IPv4 addresses on an interface, as {@code address/prefix}. */
    static List<String> ipv4Addresses(String ifName) {
        Commands.Result r = Commands.run(List.of("ip", "-o", "-4", "addr", "show", "dev", ifName));
        List<String> found = new ArrayList<>();
        String[] tokens = r.out().split("\\s+");
        for (int i = 0; i + 1 < tokens.length; i++) {
            if (tokens[i].equals("inet")) {
                found.add(tokens[i + 1]);
            }
        }
        return found;
    }

    /**
     * The IPv6 addresses of global scope on an interface, as {@code ADDR/PREFIX} in RFC 5952 text, from
     * {@code /proc/net/if_inet6} (no process): none when IPv6 is off or the interface has none.
     */
    static List<String> globalIpv6Addresses(String ifName) {
        return globalIpv6().getOrDefault(ifName, List.of());
    }

    /** Every interface's global IPv6 addresses ({@link #globalIpv6Addresses}), by interface name. */
    static Map<String, List<String>> globalIpv6() {
        Map<String, List<String>> found = new HashMap<>();
        String table = read(Path.of("/proc/net/if_inet6"));
        for (String line : table.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // address (32 hex digits), ifindex, prefix length (hex), scope (hex; 00 global), flags, name
            if (f.length == 6 && f[3].equals("00") && f[0].length() == 32) {
                String address = Ipv6Cidr.formatAddress(new java.math.BigInteger(f[0], 16));
                found.computeIfAbsent(f[5], k -> new ArrayList<>()).add(address + "/" + Integer.parseInt(f[2], 16));
            }
        }
        return found;
    }

    /** The subnet of the first IPv4 address on an interface, or null. */
    static Ipv4Cidr subnetOf(String ifName) {
        List<String> addresses = ipv4Addresses(ifName);
        return addresses.isEmpty() ? null : Ipv4Cidr.parse(addresses.get(0)).network();
    }

    static void sysctl(String key, String value) {
        Path p = Path.of("/proc/sys").resolve(key);
        try {
            if (!Files.readString(p).strip().equals(value)) {
                Files.writeString(p, value);
            }
        } catch (IOException e) {
            throw EngineException.unavailable("cannot set " + key.replace('/', '.') + "=" + value + ": " + e, e);
        }
    }
}
