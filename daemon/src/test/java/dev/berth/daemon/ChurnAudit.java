package dev.berth.daemon;

import dev.berth.daemon.BerthdProcess.Result;
import dev.berth.daemon.ChurnClient.Entry;
import dev.berth.daemon.ChurnClient.Kind;
import dev.berth.daemon.ChurnClient.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the churn checks after each restart, from the outside as a user or an admin would: the CLI's
 * answers against what was acknowledged (losses), and the host's state (mounts, runc, conmon, netns,
 * iptables, directories, names) against the containers that exist (leaks).
 */
final class ChurnAudit {
    private static final Pattern IPV4 = Pattern.compile("(?<![0-9.])(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})(?![0-9])");

    /** One container as the daemon shows it now. */
    record Seen(String id, String name, String state, Map<String, String> ipByNetwork) {}

    private final BerthdProcess d;

    ChurnAudit(BerthdProcess d) {
        this.d = d;
    }

    /** Every container the daemon shows, by name. */
    Map<String, Seen> seen() {
        Result ps = ok(d.docker("ps", "-a", "--no-trunc", "--format", "{{.ID}}|{{.Names}}|{{.State}}"));
        Map<String, Seen> byName = new HashMap<>();
        List<String> ids = new ArrayList<>();
        Map<String, String[]> rows = new HashMap<>();
        for (String line : ps.out().lines().filter(l -> !l.isBlank()).toList()) {
            String[] f = line.split("\\|");
            ids.add(f[0]);
            rows.put(f[0], f);
        }
        Map<String, Map<String, String>> nets = new HashMap<>();
        if (!ids.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("inspect", "-f",
                    "{{.Id}}|{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}},{{end}}"));
            args.addAll(ids);
            for (String line : d.docker(args.toArray(String[]::new)).out().lines().filter(l -> l.contains("|")).toList()) {
                String[] f = line.split("\\|", 2);
                Map<String, String> m = new HashMap<>();
                for (String kv : f[1].split(",")) {
                    if (kv.contains("=")) {
                        m.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                    }
                }
                nets.put(f[0], m);
            }
        }
        rows.forEach((id, f) -> byName.put(f[1], new Seen(id, f[1], f[2], nets.getOrDefault(id, Map.of()))));
        return byName;
    }

    /** Acknowledged operations the daemon no longer shows: one line each. */
    List<String> losses(Collection<Entry> entries, Collection<String> ackedVolumes, Map<String, Seen> seen) {
        List<String> out = new ArrayList<>();
        Map<String, Seen> byId = new HashMap<>();
        seen.values().forEach(s -> byId.put(s.id(), s));
        for (Entry e : entries) {
            Seen now = e.id != null ? byId.get(e.id) : seen.get(e.name);
            if (e.acked(Kind.CREATE) && !e.tried(Kind.RM) && now == null) {
                out.add("acknowledged create of " + e.name + " (" + e.id + ") is gone");
            }
            if (e.acked(Kind.RM) && (now != null || seen.containsKey(e.name))) {
                out.add("acknowledged rm of " + e.name + " but it is still there");
            }
            if (e.ops.isEmpty() || !e.last().acked() || now == null) {
                continue;
            }
            Op last = e.last();
            if ((last.kind() == Kind.START || last.kind() == Kind.EXEC) && !now.state().equals("running")) {
                out.add("acknowledged " + last.kind() + " of " + e.name + " but it is " + now.state());
            } else if (last.kind() == Kind.STOP && now.state().equals("running")) {
                out.add("acknowledged stop of " + e.name + " but it is running");
            } else if (last.kind() == Kind.CONNECT && !now.ipByNetwork().containsKey(ChurnClient.NETWORK)) {
                out.add("acknowledged network connect of " + e.name + " but it is not on " + ChurnClient.NETWORK);
            }
        }
        Set<String> volumes = new HashSet<>(ok(d.docker("volume", "ls", "-q")).out().lines().map(String::strip).toList());
        for (String v : ackedVolumes) {
            if (!volumes.contains(v)) {
                out.add("acknowledged volume create of " + v + " is gone");
            }
        }
        return out;
    }

    /** What the host holds for containers that no longer exist or do not run: one line each. */
    List<String> leaks(Map<String, Seen> seen) throws IOException {
        Set<String> all = new HashSet<>();
        Set<String> running = new HashSet<>();
        Set<String> runningIps = new HashSet<>();
        Map<String, Set<String>> ipOwners = new HashMap<>();
        for (Seen s : seen.values()) {
            all.add(s.id());
            if (s.state().equals("running")) {
                running.add(s.id());
                s.ipByNetwork().forEach((net, ip) -> {
                    if (!ip.isEmpty()) {
                        runningIps.add(ip);
                        ipOwners.computeIfAbsent(net + " " + ip, k -> new HashSet<>()).add(s.name());
                    }
                });
            }
        }
        List<String> out = new ArrayList<>();
        ipOwners.forEach((ip, owners) -> {
            if (owners.size() > 1) {
                out.add("address " + ip + " given to " + owners);
            }
        });
        for (String id : list(d.dataRoot().resolve("containers"))) {
            if (!all.contains(id)) {
                out.add("bundle directory of removed container " + id);
            }
        }
        for (String mount : mountsUnder(d.dataRoot(), d.execRoot())) {
            Matcher rootfs = Pattern.compile(".*/containers/([0-9a-f]{64})/rootfs$").matcher(mount);
            Matcher netns = Pattern.compile(".*/netns/([0-9a-f]{64})$").matcher(mount);
            String id = rootfs.matches() ? rootfs.group(1) : netns.matches() ? netns.group(1) : null;
            if (id == null || !running.contains(id)) {
                out.add("mount " + mount + (id != null && all.contains(id) ? " of a container that is not running" : ""));
            }
        }
        for (String id : list(d.execRoot().resolve("netns"))) {
            if (!running.contains(id)) {
                out.add("netns file of " + id + (all.contains(id) ? " (not running)" : " (removed)"));
            }
        }
        Result runc = BerthdProcess.run(Duration.ofSeconds(20), "runc", "--root", d.execRoot().resolve("runc").toString(),
                "list", "-q");
        for (String id : runc.out().lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            if (!running.contains(id)) {
                out.add("runc state of " + id + (all.contains(id) ? " (not running)" : " (removed)"));
            }
        }
        for (String id : conmons(d.execRoot())) {
            if (!running.contains(id)) {
                out.add("conmon of " + id + (all.contains(id) ? " (not running)" : " (removed)"));
            }
        }
        Set<String> volumes = new HashSet<>(ok(d.docker("volume", "ls", "-q")).out().lines().map(String::strip).toList());
        for (String v : list(d.dataRoot().resolve("volumes"))) {
            if (!volumes.contains(v) && !v.equals("metadata.db")) {
                out.add("volume directory " + v);
            }
        }
        for (String ip : natIps(subnetPrefixes())) {
            if (!runningIps.contains(ip)) {
                out.add("iptables rule for " + ip + ", which no running container has");
            }
        }
        Result endpoints = ok(d.docker("network", "inspect", "-f",
                "{{range $k, $v := .Containers}}{{$k}} {{end}}", "bridge", ChurnClient.NETWORK));
        for (String id : endpoints.out().split("\\s+")) {
            if (!id.isEmpty() && !running.contains(id)) {
                out.add("network endpoint of " + id + (all.contains(id) ? " (not running)" : " (removed)"));
            }
        }
        return out;
    }

    /**
     * Names of removed containers (and of creates that were not kept) must be free again: each is
     * taken by a throwaway create, then that container is removed. Returns the names still held.
     */
    List<String> heldNames(List<String> candidates) {
        List<String> out = new ArrayList<>();
        for (String name : candidates) {
            Result r = d.docker("create", "--name", name, "--network", "none", ChurnClient.IMAGE, "true");
            if (r.exitCode() == 0) {
                ok(d.docker("rm", "-f", r.out().strip()));
            } else if (r.err().contains("Conflict")) {
                out.add("name " + name + " is still held: " + r.err().strip());
            } else {
                throw new AssertionError("probing the name " + name + ": " + r);
            }
        }
        return out;
    }

    private List<String> subnetPrefixes() {
        Result r = ok(d.docker("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}} {{end}}", "bridge",
                ChurnClient.NETWORK));
        // The test's networks are /16 or /24 pools; rules are matched on the subnet's leading octets.
        List<String> out = new ArrayList<>();
        for (String cidr : r.out().split("\\s+")) {
            if (cidr.contains("/")) {
                String[] o = cidr.substring(0, cidr.indexOf('/')).split("\\.");
                int bits = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
                out.add(bits >= 24 ? o[0] + "." + o[1] + "." + o[2] + "." : o[0] + "." + o[1] + ".");
            }
        }
        return out;
    }

    /** Addresses in the subnets' ranges named by a host rule of a DNAT/ACCEPT/masquerade kind, gateways excluded. */
    private static Set<String> natIps(List<String> prefixes) {
        Set<String> out = new HashSet<>();
        for (String table : List.of("nat", "filter")) {
            Result r = BerthdProcess.run(Duration.ofSeconds(20), "iptables-save", "-t", table);
            for (String line : r.out().lines().filter(l -> l.startsWith("-A ")).toList()) {
                Matcher m = IPV4.matcher(line);
                while (m.find()) {
                    String ip = m.group(1);
                    boolean host = line.contains(ip + "/32") || line.contains(ip + ":");
                    if (host && prefixes.stream().anyMatch(ip::startsWith)) {
                        out.add(ip);
                    }
                }
            }
        }
        return out;
    }

    private static List<String> conmons(Path execRoot) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                String[] argv;
                try {
                    argv = Files.readString(p.resolve("cmdline")).split("\0");
                } catch (IOException gone) {
                    continue;
                }
                if (argv.length == 0 || !argv[0].endsWith("conmon") || !String.join(" ", argv).contains(execRoot.toString())) {
                    continue;
                }
                for (int i = 0; i + 1 < argv.length; i++) {
                    if (argv[i].equals("-c")) {
                        out.add(argv[i + 1]);
                    }
                }
            }
        }
        return out;
    }

    private static List<String> mountsUnder(Path... roots) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String mountPoint = line.split(" ")[4].replace("\\040", " ");
            for (Path root : roots) {
                if (mountPoint.startsWith(root.toAbsolutePath() + "/")) {
                    out.add(mountPoint);
                }
            }
        }
        return out;
    }

    private static List<String> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    static Result ok(Result r) {
        if (r.exitCode() != 0) {
            throw new AssertionError("docker failed: " + r);
        }
        return r;
    }
}
